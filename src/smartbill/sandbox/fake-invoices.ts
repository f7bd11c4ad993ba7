import { addDays, daysBetween, kstToday } from '../shared/invoice-model.ts';

/**
 * Deterministic, realistic-looking tax invoices for the sandbox: a company's
 * sales (AR) and purchases (AP) over 4 months, every TYPE_CODE kind incl.
 * 수정 invoices (some negative), with counterparts whose 사업자번호 pass the
 * check digit. Same business number and day → same invoices.
 */
export interface FakeCompany {
  regNo: string;
  name: string;
  rep: string;
  email: string;
  bizType: string;
  bizClass: string;
  address: string;
}

export interface FakeLine {
  name: string;
  spec: string;
  qty: number;
  unitPrice: string;
  supAmount: string;
  taxAmount: string;
}

export interface FakeInvoice {
  issueId: string;
  supBuyType: 'AR' | 'AP';
  writeDate: string;
  issueDate: string;
  sendDate: string;
  typeCode: string;
  taxDemand: string;
  supplier: FakeCompany;
  buyer: FakeCompany;
  supAmount: string;
  taxAmount: string;
  totalAmount: string;
  lines: FakeLine[];
  note: string;
  /** 수정 invoices: the original's ISSUE_ID and the amendment reason code (01–06). */
  originalIssueId?: string;
  amendmentCode?: string;
}

/** mulberry32: small seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Appends the 사업자번호 check digit to 9 digits (SPEC §4). */
export function withCheckDigit(nine: string): string {
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  const d = Array.from(nine, Number);
  let s = w.reduce((acc, x, i) => acc + d[i]! * x, 0);
  s += Math.floor((d[8]! * 5) / 10);
  return nine + String((10 - (s % 10)) % 10);
}

const PARTNERS: [string, string, string, string, string][] = [
  ['(주)한빛전자', '김민수', '제조업', '전자부품', '경기도 수원시 영통구 삼성로 129'],
  ['대성물산 주식회사', '이정훈', '도매업', '산업용품', '서울특별시 중구 세종대로 110'],
  ['(주)푸른식품', '박서연', '제조업', '가공식품', '충청북도 청주시 흥덕구 오송읍 오송생명로 200'],
  ['세종정밀(주)', '최영호', '제조업', '정밀기계', '경상남도 창원시 성산구 중앙대로 151'],
  ['(주)다온소프트', '정하늘', '서비스업', '소프트웨어 개발', '서울특별시 강남구 테헤란로 427'],
  ['미래로지스틱스(주)', '강동원', '운수업', '화물운송', '인천광역시 중구 공항로 272'],
  ['(주)에코그린', '윤지아', '제조업', '포장재', '경기도 화성시 동탄대로 635'],
  ['한결회계법인', '오세훈', '서비스업', '회계 서비스', '서울특별시 영등포구 여의대로 24'],
  ['(주)대한철강', '장태식', '제조업', '철강', '경상북도 포항시 남구 동해안로 6261'],
  ['(주)새봄인테리어', '임수정', '건설업', '실내건축', '부산광역시 해운대구 센텀중앙로 79'],
  ['코리아트레이딩(주)', '한상우', '도매업', '수출입', '서울특별시 종로구 종로 33'],
  ['(주)바른농산', '신예린', '농업', '농산물', '전라남도 나주시 빛가람로 760'],
  ['(주)스마트오피스', '권도윤', '도매업', '사무용품', '서울특별시 구로구 디지털로 300'],
  ['동방무역(주)', '황보석', '도매업', '무역', '부산광역시 중구 중앙대로 2'],
  ['(주)씨앤에스클라우드', '배수현', '서비스업', '클라우드', '경기도 성남시 분당구 판교역로 166'],
  ['(사)한국교육재단', '문정우', '교육서비스업', '교육', '대전광역시 유성구 대학로 99'],
  ['(주)해오름광고', '서지민', '서비스업', '광고', '서울특별시 마포구 월드컵북로 396'],
  ['(주)금강화학', '노현석', '제조업', '화학제품', '울산광역시 남구 산업로 1000'],
  ['(주)하나렌탈', '조은비', '임대업', '장비 임대', '광주광역시 서구 상무중앙로 110'],
  ['우리도서(주)', '유재혁', '도매업', '서적', '경기도 파주시 회동길 145'],
];

const ITEMS: [string, string, number, number][] = [
  ['전자부품 A-120', 'EA', 1200, 0],
  ['산업용 센서 모듈', 'SET', 85000, 0],
  ['포장 박스 (대)', 'BOX', 3500, 0],
  ['소프트웨어 유지보수', '월', 1500000, 0],
  ['화물 운송료', '건', 350000, 0],
  ['사무용품 일괄', '식', 420000, 0],
  ['클라우드 서버 이용료', '월', 980000, 0],
  ['컨설팅 용역', '식', 5000000, 0],
  ['장비 임대료', '월', 750000, 0],
  ['광고 대행 수수료', '건', 2300000, 0],
  ['유기농 쌀 20kg', '포', 62000, 1],
  ['도서 구입', '권', 18000, 1],
  ['교육 연수비', '명', 330000, 1],
];

/** Every TYPE_CODE kind: 01 세금계산서, 02 수정세금계산서, 03 계산서, 04 수정계산서 × 01 일반 … 05 영세율위수탁. */
export const ALL_TYPE_CODES = [
  '0101',
  '0102',
  '0103',
  '0104',
  '0105',
  '0201',
  '0202',
  '0203',
  '0204',
  '0205',
  '0301',
  '0303',
  '0304',
  '0401',
  '0403',
] as const;

const taxOf = (typeCode: string, sup: bigint): bigint => {
  const kind = typeCode.slice(0, 2);
  const sub = typeCode.slice(2);
  if (kind === '03' || kind === '04') return 0n; // 계산서: 면세
  if (sub === '02' || sub === '05') return 0n; // 영세율
  return sup / 10n;
};

export function ownCompany(regNo: string): FakeCompany {
  const demo = regNo === '1000000004';
  return {
    regNo,
    name: demo ? '주식회사 데모상사' : `(주)샌드박스${regNo.slice(-4)}`,
    rep: demo ? '홍길동' : '김대표',
    email: 'tax@example.com',
    bizType: '서비스',
    bizClass: '소프트웨어 개발',
    address: '서울특별시 강남구 테헤란로 152',
  };
}

/** `regNo`'s invoices from 4 months before `now` (KST) to today. */
export function generateInvoices(regNo: string, now: number, months = 4): FakeInvoice[] {
  const rand = prng(Number(regNo.slice(-9)) ^ 0x5eed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const own = ownCompany(regNo);
  const partners: FakeCompany[] = PARTNERS.map(([name, rep, bizType, bizClass, address], i) => ({
    regNo: withCheckDigit(String(1018100000 + i * 7919 + (Number(regNo.slice(-3)) % 97)).slice(0, 9)),
    name,
    rep,
    email: `tax${i + 1}@partner${i + 1}.co.kr`,
    bizType,
    bizClass,
    address,
  }));
  const today = kstToday(now);
  const start = addDays(today, -Math.round(months * 30.5));
  const out: FakeInvoice[] = [];
  let seq = 0;
  let forced = 0; // the first invoices go through every TYPE_CODE once
  for (let day = start; daysBetween(day, today) >= 0; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const busy = weekday === 0 || weekday === 6 ? 0.3 : 1;
    for (const supBuyType of ['AR', 'AP'] as const) {
      const count = Math.floor(rand() * (supBuyType === 'AR' ? 5 : 4) * busy);
      for (let n = 0; n < count; n++) {
        seq += 1;
        let typeCode: string;
        if (forced < ALL_TYPE_CODES.length * 2) typeCode = ALL_TYPE_CODES[forced++ % ALL_TYPE_CODES.length]!;
        else {
          const r = rand();
          typeCode =
            r < 0.72 ? '0101' : r < 0.78 ? '0102' : r < 0.82 ? '0103' : r < 0.86 ? '0201' : r < 0.94 ? '0301' : pick(ALL_TYPE_CODES);
        }
        const partner = pick(partners);
        const lineCount = 1 + Math.floor(rand() * 3);
        const lines: FakeLine[] = [];
        for (let l = 0; l < lineCount; l++) {
          const [name, spec, price] = pick(ITEMS);
          const qty = 1 + Math.floor(rand() * (price > 1_000_000 ? 2 : 40));
          const sup = BigInt(price) * BigInt(qty);
          lines.push({ name, spec, qty, unitPrice: String(price), supAmount: sup.toString(), taxAmount: taxOf(typeCode, sup).toString() });
        }
        const amended = typeCode.startsWith('02') || typeCode.startsWith('04');
        // 계약의 해제·환입 (amendment 03/04) reverse the amounts.
        const amendmentCode = amended ? pick(['01', '02', '03', '04', '05', '06']) : undefined;
        if (amendmentCode === '03' || amendmentCode === '04') {
          for (const line of lines) {
            line.supAmount = `-${line.supAmount}`;
            line.taxAmount = line.taxAmount === '0' ? '0' : `-${line.taxAmount}`;
            line.qty = -line.qty;
          }
        }
        const sup = lines.reduce((s, l) => s + BigInt(l.supAmount), 0n);
        const tax = lines.reduce((s, l) => s + BigInt(l.taxAmount), 0n);
        const issueDate = [addDays(day, Math.floor(rand() * 3)), today].sort()[0]!;
        const sendDate = [addDays(issueDate, rand() < 0.7 ? 0 : 1), today].sort()[0]!;
        const issueId = `${issueDate.replace(/-/g, '')}-4100${String(seq).padStart(4, '0')}-${regNo.slice(2)}`.slice(0, 26);
        const original = amended ? out.findLast((o) => o.supBuyType === supBuyType && !o.originalIssueId) : undefined;
        out.push({
          issueId,
          supBuyType,
          writeDate: day,
          issueDate,
          sendDate,
          typeCode,
          taxDemand: rand() < 0.6 ? '02' : '01',
          supplier: supBuyType === 'AR' ? own : partner,
          buyer: supBuyType === 'AR' ? partner : own,
          supAmount: sup.toString(),
          taxAmount: tax.toString(),
          totalAmount: (sup + tax).toString(),
          lines,
          note: amended ? '수정발행' : '',
          ...(amended ? { originalIssueId: original?.issueId ?? '', amendmentCode } : {}),
        });
      }
    }
  }
  return out;
}
