import type { Messages } from '../../core/element/i18n.ts';
import type { SignupField, SignupIssueKey } from '../shared/schema.ts';

/** Its error codes' texts: in Korean a chunk loaded when the element first shows one (`Messages`). */
export type SignupErrorKey = 'popup_blocked' | 'invalid_prefill' | 'smartbill_timeout' | 'smartbill_env_mismatch';

export type SignupMessageKey =
  | SignupField
  | SignupIssueKey
  | 'biz_no_demo'
  | 'submit'
  | 'registering'
  | 'retry_popup'
  | 'same_window'
  | 'invalid_form'
  | 'connecting'
  | 'reconnecting'
  | 'window_closed'
  | 'reopen'
  | 'edit_form'
  | 'steps'
  | 'step1'
  | 'step2'
  | 'step3'
  | 'step4'
  | 'step5'
  | 'step5_after'
  | 'yes'
  | 'no'
  | 'waiting'
  | 'completed'
  | 'no_sync'
  | 'problem'
  | 'recovery'
  | 'no_sync_link'
  | 'authCode'
  | 'authToken'
  | 'cert'
  | 'member_login_note'
  | SignupErrorKey;

export const signupMessages: Messages<SignupMessageKey, SignupErrorKey> = {
  ko: {
    pComRegNo: '사업자등록번호',
    pComName: '회사명',
    pComPresident: '대표자명',
    pComBizStatus: '업태',
    pComBizClass: '종목',
    pZipCode: '우편번호',
    pComAddress: '주소',
    pMIGRATIONFLAG: '회원연계코드',
    pMemName: '담당자 이름',
    pMemTel: '연락처',
    pMemHP: '휴대폰',
    pMemFax: '팩스',
    pMemEmail: '이메일',
    pMasterYN: '기업관리자 여부',
    pID: 'ERP 사용자 ID',
    required: '필수 입력 항목입니다.',
    too_long: '최대 {max}자까지 입력할 수 있습니다.',
    biz_no: '사업자등록번호는 숫자 10자리입니다.',
    biz_no_check: '유효하지 않은 사업자등록번호입니다.',
    biz_no_demo: '검증번호가 맞지 않지만 데모 환경이라 허용합니다.',
    zip: '우편번호는 숫자 5자리입니다.',
    phone: '- 를 포함해 입력해주세요 (예: 02-1234-5678).',
    email: '올바른 이메일 주소가 아닙니다.',
    yn: 'Y 또는 N 이어야 합니다.',
    unknown: '알 수 없는 항목입니다.',
    submit: '스마트빌 가입 진행',
    registering: '가입 요청을 등록하는 중…',
    retry_popup: '팝업 다시 열기',
    same_window: '이 창에서 진행',
    invalid_form: '입력 내용을 확인해주세요.',
    connecting: '스마트빌에 연결하는 중…',
    reconnecting: '어댑터에 다시 연결하는 중… 가입은 스마트빌 창에서 계속할 수 있습니다.',
    window_closed: '스마트빌 창이 닫혔습니다. 가입을 마쳤다면 잠시 후 완료로 바뀝니다.',
    reopen: '스마트빌 창 다시 열기',
    edit_form: '입력 내용 수정',
    steps: '진행 단계',
    step1: '기본정보 확인',
    step2: '본인인증 · 약관동의',
    step3: '로그인 또는 회원가입',
    step4: '인증코드 · 인증토큰',
    step5: '인증서 등록',
    step5_after: '인증서 등록: 스마트빌 창에서 등록했다면 끝입니다. 아직이면 여기서 할 수 있습니다:',
    yes: '예',
    no: '아니오',
    waiting: '스마트빌 창에서 가입을 진행해주세요. 완료되면 자동으로 표시됩니다.',
    completed: '스마트빌 연동이 완료되었습니다. (ID: {id})',
    no_sync: '가입을 마친 뒤 완료 페이지에서 인증코드·인증토큰·인증서를 처리해주세요.',
    problem: '문제가 있나요?',
    recovery: '아래 페이지에서 스마트빌에 로그인한 뒤 진행해주세요:',
    no_sync_link: '가입 완료 페이지 (인증코드·인증토큰·인증서)',
    authCode: '인증코드 생성',
    authToken: '인증토큰 발급',
    cert: '인증서 등록',
    member_login_note:
      '이미 스마트빌 회원이면 스마트빌 창에서 관리자 ID로 로그인해주세요. 관리자 ID로 로그인해야 요금제가 정상적으로 변경됩니다.',
  },
  errorsKo: () => import('./signup-form.errors.ko.ts').then((m) => m.errorsKo),
  en: () => import('./signup-form.messages.en.ts').then((m) => m.en),
};
