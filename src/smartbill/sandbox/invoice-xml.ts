import type { FakeCompany, FakeInvoice } from './fake-invoices.ts';

/**
 * The sandbox's invoice XML, shaped like the 전자세금계산서 standard (KEC
 * TaxInvoice: ExchangedDocument, TaxInvoiceDocument, TaxInvoiceTradeSettlement
 * with InvoicerParty/InvoiceeParty, TaxInvoiceTradeLineItem), and an XSL in
 * the role of SmartBill's PREVIEW_FORM that renders it as the familiar
 * red-bordered form.
 */
export const KEC_NS = 'urn:kr:or:kec:standard:Tax:ReusableAggregateBusinessInformationEntitySchemaModule:1:0';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const ymd = (d: string) => d.replace(/-/g, '');

const party = (tag: string, p: FakeCompany) => `<${tag}>
      <ID>${esc(p.regNo)}</ID>
      <TypeCode>${esc(p.bizType)}</TypeCode>
      <NameText>${esc(p.name)}</NameText>
      <ClassificationCode>${esc(p.bizClass)}</ClassificationCode>
      <SpecifiedPerson><NameText>${esc(p.rep)}</NameText></SpecifiedPerson>
      <DefinedContact><URICommunication>${esc(p.email)}</URICommunication></DefinedContact>
      <SpecifiedAddress><LineOneText>${esc(p.address)}</LineOneText></SpecifiedAddress>
    </${tag}>`;

export function invoiceXml(inv: FakeInvoice): string {
  const lines = inv.lines
    .map(
      (l, i) => `<TaxInvoiceTradeLineItem>
    <SequenceNumeric>${i + 1}</SequenceNumeric>
    <PurchaseExpiryDateTime>${ymd(inv.writeDate)}</PurchaseExpiryDateTime>
    <NameText>${esc(l.name)}</NameText>
    <InformationText>${esc(l.spec)}</InformationText>
    <ChargeableUnitQuantity>${l.qty}</ChargeableUnitQuantity>
    <UnitPrice><UnitAmount>${l.unitPrice}</UnitAmount></UnitPrice>
    <InvoiceAmount>${l.supAmount}</InvoiceAmount>
    <TotalTax><CalculatedAmount>${l.taxAmount}</CalculatedAmount></TotalTax>
  </TaxInvoiceTradeLineItem>`,
    )
    .join('\n  ');
  const amendment = inv.amendmentCode
    ? `\n    <AmendmentStatusCode>${inv.amendmentCode}</AmendmentStatusCode>\n    <OriginalIssueID>${esc(inv.originalIssueId ?? '')}</OriginalIssueID>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<TaxInvoice xmlns="${KEC_NS}">
  <ExchangedDocument>
    <IssueDateTime>${ymd(inv.issueDate)}090000</IssueDateTime>
  </ExchangedDocument>
  <TaxInvoiceDocument>
    <IssueID>${esc(inv.issueId)}</IssueID>
    <TypeCode>${inv.typeCode}</TypeCode>
    <DescriptionText>${esc(inv.note)}</DescriptionText>
    <IssueDateTime>${ymd(inv.writeDate)}</IssueDateTime>${amendment}
    <PurposeCode>${inv.taxDemand}</PurposeCode>
  </TaxInvoiceDocument>
  <TaxInvoiceTradeSettlement>
    ${party('InvoicerParty', inv.supplier)}
    ${party('InvoiceeParty', inv.buyer)}
    <SpecifiedMonetarySummation>
      <ChargeTotalAmount>${inv.supAmount}</ChargeTotalAmount>
      <TaxTotalAmount>${inv.taxAmount}</TaxTotalAmount>
      <GrandTotalAmount>${inv.totalAmount}</GrandTotalAmount>
    </SpecifiedMonetarySummation>
  </TaxInvoiceTradeSettlement>
  ${lines}
</TaxInvoice>
`;
}

/** Renders the XML above: 공급자 / 공급받는자, amounts, items, 영수/청구. Text only (value-of), no script. */
export const INVOICE_XSL = `<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:t="${KEC_NS}" exclude-result-prefixes="t">
  <xsl:output method="html" encoding="UTF-8" indent="no"/>
  <xsl:decimal-format name="won" grouping-separator="," decimal-separator="."/>
  <xsl:template name="party">
    <xsl:param name="p"/>
    <xsl:param name="label"/>
    <table class="party">
      <tr><th rowspan="4" class="side"><xsl:value-of select="$label"/></th><th>등록번호</th>
        <td colspan="3"><xsl:value-of select="concat(substring($p/t:ID,1,3),'-',substring($p/t:ID,4,2),'-',substring($p/t:ID,6,5))"/></td></tr>
      <tr><th>상호</th><td><xsl:value-of select="$p/t:NameText"/></td><th>성명</th><td><xsl:value-of select="$p/t:SpecifiedPerson/t:NameText"/></td></tr>
      <tr><th>주소</th><td colspan="3"><xsl:value-of select="$p/t:SpecifiedAddress/t:LineOneText"/></td></tr>
      <tr><th>업태</th><td><xsl:value-of select="$p/t:TypeCode"/></td><th>종목</th><td><xsl:value-of select="$p/t:ClassificationCode"/></td></tr>
    </table>
  </xsl:template>
  <xsl:template match="/t:TaxInvoice">
    <xsl:variable name="doc" select="t:TaxInvoiceDocument"/>
    <xsl:variable name="kind" select="substring($doc/t:TypeCode,1,2)"/>
    <html lang="ko"><head><meta charset="utf-8"/><title>전자세금계산서 <xsl:value-of select="$doc/t:IssueID"/></title>
    <style>
      body{font:13px/1.45 "Noto Sans KR","Malgun Gothic",sans-serif;color:#222;margin:16px}
      .form{border:2px solid #c9302c;max-width:760px;margin:auto;padding:10px}
      h1{text-align:center;color:#c9302c;font-size:20px;margin:4px 0 8px;letter-spacing:2px}
      .meta{display:flex;justify-content:space-between;font-size:12px;margin-bottom:6px}
      .parties{display:grid;grid-template-columns:1fr 1fr;gap:6px}
      table{border-collapse:collapse;width:100%}
      th,td{border:1px solid #c9302c;padding:3px 5px;text-align:left;vertical-align:top}
      th{background:#fdf0ef;font-weight:600;white-space:nowrap}
      .side{width:1.4em;text-align:center}
      .num{text-align:right;font-variant-numeric:tabular-nums}
      .sum,.items{margin-top:6px}
      @media print{body{margin:0}.form{border-color:#000}th,td{border-color:#000}}
    </style></head>
    <body><div class="form">
      <h1><xsl:choose>
        <xsl:when test="$kind='01'">전자세금계산서</xsl:when>
        <xsl:when test="$kind='02'">수정전자세금계산서</xsl:when>
        <xsl:when test="$kind='03'">전자계산서</xsl:when>
        <xsl:otherwise>수정전자계산서</xsl:otherwise>
      </xsl:choose></h1>
      <div class="meta"><span>승인번호 <xsl:value-of select="$doc/t:IssueID"/></span>
        <span>작성일자 <xsl:value-of select="concat(substring($doc/t:IssueDateTime,1,4),'-',substring($doc/t:IssueDateTime,5,2),'-',substring($doc/t:IssueDateTime,7,2))"/></span></div>
      <div class="parties">
        <xsl:call-template name="party"><xsl:with-param name="p" select="t:TaxInvoiceTradeSettlement/t:InvoicerParty"/><xsl:with-param name="label" select="'공급자'"/></xsl:call-template>
        <xsl:call-template name="party"><xsl:with-param name="p" select="t:TaxInvoiceTradeSettlement/t:InvoiceeParty"/><xsl:with-param name="label" select="'공급받는자'"/></xsl:call-template>
      </div>
      <xsl:variable name="sum" select="t:TaxInvoiceTradeSettlement/t:SpecifiedMonetarySummation"/>
      <table class="sum"><tr><th>공급가액</th><th>세액</th><th>합계금액</th><th>비고</th></tr>
        <tr><td class="num"><xsl:value-of select="format-number($sum/t:ChargeTotalAmount,'#,##0','won')"/></td>
          <td class="num"><xsl:value-of select="format-number($sum/t:TaxTotalAmount,'#,##0','won')"/></td>
          <td class="num"><xsl:value-of select="format-number($sum/t:GrandTotalAmount,'#,##0','won')"/></td>
          <td><xsl:value-of select="$doc/t:DescriptionText"/><xsl:if test="$doc/t:OriginalIssueID != ''"> (당초 승인번호 <xsl:value-of select="$doc/t:OriginalIssueID"/>)</xsl:if></td></tr></table>
      <table class="items"><tr><th>월일</th><th>품목</th><th>규격</th><th>수량</th><th>단가</th><th>공급가액</th><th>세액</th></tr>
        <xsl:for-each select="t:TaxInvoiceTradeLineItem"><tr>
          <td><xsl:value-of select="concat(substring(t:PurchaseExpiryDateTime,5,2),'/',substring(t:PurchaseExpiryDateTime,7,2))"/></td>
          <td><xsl:value-of select="t:NameText"/></td><td><xsl:value-of select="t:InformationText"/></td>
          <td class="num"><xsl:value-of select="t:ChargeableUnitQuantity"/></td>
          <td class="num"><xsl:value-of select="format-number(t:UnitPrice/t:UnitAmount,'#,##0','won')"/></td>
          <td class="num"><xsl:value-of select="format-number(t:InvoiceAmount,'#,##0','won')"/></td>
          <td class="num"><xsl:value-of select="format-number(t:TotalTax/t:CalculatedAmount,'#,##0','won')"/></td></tr></xsl:for-each>
      </table>
      <p class="meta"><span>이 금액을 <strong><xsl:choose><xsl:when test="$doc/t:PurposeCode='01'">영수</xsl:when><xsl:otherwise>청구</xsl:otherwise></xsl:choose></strong> 함</span></p>
    </div></body></html>
  </xsl:template>
</xsl:stylesheet>
`;
