// File: tests/codecs/decode_test.cc
// Decoding real (hand-written) messages: envelopes, namespaces, schema and rule
// failures with paths, positions and reason codes.
#include <catch2/catch.hpp>

#include "codec_test_support.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs {
namespace {

using testing::Describe;
using testing::FindIssue;
using testing::HasIssue;
using testing::ReadData;
using testing::Replace;
using testing::Schemas;

constexpr const char* kCbpr = "pacs008_cbpr_envelope.xml";
constexpr const char* kAmountPath = "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/IntrBkSttlmAmt";

DecodeResult DecodeFile(const std::string& name) { return Decode(ReadData(name), *Schemas()); }

TEST_CASE("SchemaSet loads the project's schemas and lists what it loaded", "[codecs]") {
  auto schemas = Schemas();
  CHECK(schemas->Has("head.001.001.02"));
  CHECK(schemas->Has("pacs.008.001.08"));
  CHECK(schemas->Has("pacs.008.001.10"));
  CHECK(schemas->Has("pacs.002.001.10"));
}

TEST_CASE("SchemaSet::Load refuses a directory that does not exist", "[codecs]") {
  auto r = SchemaSet::Load("/nonexistent/schemas");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kNotFound);
}

TEST_CASE("Decode reads a CBPR+ style Envelope with AppHdr and pacs.008", "[codecs]") {
  auto r = DecodeFile(kCbpr);
  INFO(Describe(r.issues));
  REQUIRE(r.ok());
  const Message& m = *r.message;
  CHECK(m.msg_def_id == "pacs.008.001.08");
  CHECK(m.Kind() == "pacs.008");
  CHECK(m.Version() == "001.08");
  REQUIRE(m.app_hdr);
  CHECK(m.app_hdr->biz_msg_idr == "NDF-20240502-000184");
  CHECK(m.app_hdr->fr.fi_id->fin_instn_id.bicfi == "NORDDEFFXXX");
  const auto& doc = std::get<Pacs008>(m.document);
  REQUIRE(doc.cdt_trf_tx_inf.size() == 1);
  const auto& tx = doc.cdt_trf_tx_inf[0];
  CHECK(tx.intr_bk_sttlm_amt.ccy == "EUR");
  CHECK(tx.intr_bk_sttlm_amt.value == Decimal(1825075, 2));
  CHECK(tx.pmt_id.uetr == "3f1c9e62-8a4b-4d2e-9c71-5b0e2a6d4f18");
  CHECK(tx.dbtr.nm == "Acme Maschinenbau GmbH");
  CHECK(tx.cdtr_acct->id->iban == "GB90MIDL40051522334455");
  CHECK(tx.chrgs_inf.size() == 1);
  CHECK(tx.rmt_inf->strd.at(0).cdtr_ref_inf->ref == "RF18539007547034");
}

TEST_CASE("Decode reads a Fedwire style bare Document with prefixed namespace and CRLF", "[codecs]") {
  std::string xml = ReadData("pacs008_bare_prefixed_crlf.xml");
  REQUIRE(xml.find("\r\n") != std::string::npos);
  auto r = Decode(xml, *Schemas());
  INFO(Describe(r.issues));
  REQUIRE(r.ok());
  CHECK_FALSE(r.message->app_hdr);
  const auto& doc = std::get<Pacs008>(r.message->document);
  CHECK(doc.cdt_trf_tx_inf.size() == 2);
  CHECK(doc.grp_hdr.ctrl_sum == Decimal(15002505, 1));
  CHECK(doc.cdt_trf_tx_inf[0].cdtr.nm == "Great Lakes Steel & Wire Co.");
  CHECK(doc.cdt_trf_tx_inf[0].dbtr.pstl_adr->adr_line.size() == 2);
}

TEST_CASE("Decode reads pacs.008.001.10 where an account is identified by a proxy only", "[codecs]") {
  auto r = DecodeFile("pacs008_v10_proxy.xml");
  INFO(Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(r.message->msg_def_id == "pacs.008.001.10");
  const auto& tx = std::get<Pacs008>(r.message->document).cdt_trf_tx_inf[0];
  CHECK_FALSE(tx.dbtr_acct->id);
  CHECK(tx.dbtr_acct->prxy->id == "+41-791234567");
}

TEST_CASE("Decode rejects in pacs.008.001.08 an account without Id, which version 10 allows", "[codecs]") {
  std::string xml = Replace(ReadData("pacs008_v10_proxy.xml"), "pacs.008.001.10", "pacs.008.001.08");
  auto r = Decode(xml, *Schemas());
  CHECK_FALSE(r.ok());
  CHECK(HasIssue(r.issues, "XSD"));
}

TEST_CASE("Decode reads a pacs.002 rejection in an Envelope and a bare group acknowledgement", "[codecs]") {
  auto nack = DecodeFile("pacs002_nack_envelope.xml");
  INFO(Describe(nack.issues));
  REQUIRE(nack.ok());
  const auto& rpt = std::get<Pacs002>(nack.message->document);
  REQUIRE(rpt.tx_inf_and_sts.size() == 1);
  CHECK(rpt.tx_inf_and_sts[0].tx_sts == "RJCT");
  CHECK(rpt.tx_inf_and_sts[0].sts_rsn_inf.at(0).rsn->cd == "AC04");
  CHECK(rpt.tx_inf_and_sts[0].orgnl_tx_ref->intr_bk_sttlm_amt->value == Decimal(1825075, 2));

  auto ack = DecodeFile("pacs002_group_ack.xml");
  INFO(Describe(ack.issues));
  REQUIRE(ack.ok());
  CHECK(std::get<Pacs002>(ack.message->document).orgnl_grp_inf_and_sts.at(0).grp_sts == "ACSC");
}

TEST_CASE("Decode rejects a pacs.008 whose IntrBkSttlmAmt has 6 decimals", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), ">18250.75</IntrBkSttlmAmt>", ">18250.750001</IntrBkSttlmAmt>");
  auto r = Decode(xml, *Schemas());
  REQUIRE_FALSE(r.ok());
  const Issue* issue = FindIssue(r.issues, "XSD");
  REQUIRE(issue != nullptr);
  CHECK(issue->path == kAmountPath);
  CHECK(issue->reason_code == "FF01");
  CHECK(issue->value == "18250.750001");
  CHECK(issue->line == 49);
  CHECK(issue->column > 0);
}

TEST_CASE("Decode rejects a EUR amount with 3 decimals (CUR-002, AM12) at its line", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), ">18250.75</IntrBkSttlmAmt>", ">18250.755</IntrBkSttlmAmt>");
  auto r = Decode(xml, *Schemas());
  REQUIRE_FALSE(r.ok());
  const Issue* issue = FindIssue(r.issues, "CUR-002");
  REQUIRE(issue != nullptr);
  CHECK(issue->path == kAmountPath);
  CHECK(issue->reason_code == "AM12");
  CHECK(issue->line == 49);
}

TEST_CASE("Decode rejects an inactive currency with AM03", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "<IntrBkSttlmAmt Ccy=\"EUR\">", "<IntrBkSttlmAmt Ccy=\"DEM\">");
  auto r = Decode(xml, *Schemas());
  const Issue* issue = FindIssue(r.issues, "CUR-001");
  REQUIRE(issue != nullptr);
  CHECK(issue->reason_code == "AM03");
  CHECK(issue->path == kAmountPath);
}

TEST_CASE("Decode rejects a zero settlement amount with AM01", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), ">18250.75</IntrBkSttlmAmt>", ">0.00</IntrBkSttlmAmt>");
  auto r = Decode(xml, *Schemas());
  const Issue* issue = FindIssue(r.issues, "AMT-001");
  REQUIRE(issue != nullptr);
  CHECK(issue->reason_code == "AM01");
}

TEST_CASE("Decode rejects a creditor IBAN with wrong check digits (IBAN-003, AC01)", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "GB90MIDL40051522334455", "GB91MIDL40051522334455");
  auto r = Decode(xml, *Schemas());
  const Issue* issue = FindIssue(r.issues, "IBAN-003");
  REQUIRE(issue != nullptr);
  CHECK(issue->path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/CdtrAcct/Id/IBAN");
  CHECK(issue->reason_code == "AC01");
  CHECK(issue->value == "GB91MIDL40051522334455");
  CHECK(issue->line > 0);
}

TEST_CASE("Decode rejects an IBAN too short for its country (IBAN-002)", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "DE44500105175407324931", "DE4450010517540732493");
  auto r = Decode(xml, *Schemas());
  CHECK(HasIssue(r.issues, "IBAN-002", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/DbtrAcct/Id/IBAN"));
}

TEST_CASE("Decode rejects a BIC whose country does not exist (BIC-002, RC01)", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "<BICFI>THAMGB2LXXX</BICFI>\n          </FinInstnId>\n        </InstdAgt>",
                            "<BICFI>THAMQQ2LXXX</BICFI>\n          </FinInstnId>\n        </InstdAgt>");
  auto r = Decode(xml, *Schemas());
  const Issue* issue = FindIssue(r.issues, "BIC-002");
  REQUIRE(issue != nullptr);
  CHECK(issue->path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/InstdAgt/FinInstnId/BICFI");
  CHECK(issue->reason_code == "RC01");
}

TEST_CASE("Decode rejects a malformed BIC as a schema error with its path", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "<BICFI>NORDDEFFXXX</BICFI>\n            <Nm>", "<BICFI>NORD-DEFF</BICFI>\n            <Nm>");
  auto r = Decode(xml, *Schemas());
  CHECK(HasIssue(r.issues, "XSD", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/DbtrAgt/FinInstnId/BICFI"));
  CHECK_FALSE(HasIssue(r.issues, "BIC-001"));  // not reported twice
}

TEST_CASE("Decode rejects a debtor LEI with wrong check digits (LEI-001)", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "96330012ABCDEFGH7730", "96330012ABCDEFGH7731");
  auto r = Decode(xml, *Schemas());
  CHECK(HasIssue(r.issues, "LEI-001", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Dbtr/Id/OrgId/LEI"));
}

TEST_CASE("Decode rejects a UETR that is not a version 4 UUID", "[codecs]") {
  // Upper case passes no schema pattern either; a version-1 UUID breaks the pattern too.
  std::string xml = Replace(ReadData(kCbpr), "3f1c9e62-8a4b-4d2e", "3f1c9e62-8a4b-1d2e");
  auto r = Decode(xml, *Schemas());
  CHECK(HasIssue(r.issues, "XSD", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/PmtId/UETR"));
}

TEST_CASE("Decode rejects a settlement date that is not a real day (31 April)", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "<IntrBkSttlmDt>2024-05-02</IntrBkSttlmDt>", "<IntrBkSttlmDt>2024-04-31</IntrBkSttlmDt>");
  auto r = Decode(xml, *Schemas());
  REQUIRE_FALSE(r.ok());
  bool found = false;
  for (const auto& i : r.issues) {
    if (i.path == "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/IntrBkSttlmDt") found = true;
  }
  CHECK(found);
}

TEST_CASE("Decode rejects NbOfTxs and CtrlSum that disagree with the transactions", "[codecs]") {
  std::string xml = ReadData("pacs008_bare_prefixed_crlf.xml");
  xml = Replace(xml, "<p8:NbOfTxs>2</p8:NbOfTxs>", "<p8:NbOfTxs>3</p8:NbOfTxs>");
  xml = Replace(xml, "<p8:CtrlSum>1500250.5</p8:CtrlSum>", "<p8:CtrlSum>1500250.6</p8:CtrlSum>");
  auto r = Decode(xml, *Schemas());
  const Issue* nb = FindIssue(r.issues, "GRP-001");
  REQUIRE(nb != nullptr);
  CHECK(nb->reason_code == "AM18");
  CHECK(nb->path == "/Document/FIToFICstmrCdtTrf/GrpHdr/NbOfTxs");
  CHECK(nb->line == 6);
  const Issue* sum = FindIssue(r.issues, "GRP-002");
  REQUIRE(sum != nullptr);
  CHECK(sum->reason_code == "AM10");
  CHECK(sum->message.find("1500250.50") != std::string::npos);
}

TEST_CASE("Decode rejects a total settlement amount that is not the sum of the transactions", "[codecs]") {
  std::string xml = Replace(ReadData("pacs008_bare_prefixed_crlf.xml"), "Ccy=\"USD\">1500250.50<", "Ccy=\"USD\">1500250.49<");
  auto r = Decode(xml, *Schemas());
  CHECK(HasIssue(r.issues, "GRP-003", "/Document/FIToFICstmrCdtTrf/GrpHdr/TtlIntrBkSttlmAmt"));
}

TEST_CASE("Decode reports every failure of a document, not only the first", "[codecs]") {
  std::string xml = ReadData(kCbpr);
  xml = Replace(xml, "GB90MIDL40051522334455", "GB91MIDL40051522334455");  // rule
  xml = Replace(xml, "<ChrgBr>SHAR</ChrgBr>", "<ChrgBr>OUR</ChrgBr>");       // schema
  xml = Replace(xml, "<StrtNm>Riverside Way</StrtNm>",
                "<StrtNm>Riverside Way, a street name that is far longer than seventy characters allowed</StrtNm>");
  auto r = Decode(xml, *Schemas());
  INFO(Describe(r.issues));
  CHECK(HasIssue(r.issues, "IBAN-003"));
  CHECK(HasIssue(r.issues, "XSD", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/ChrgBr"));
  CHECK(HasIssue(r.issues, "XSD", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Cdtr/PstlAdr/StrtNm"));
  REQUIRE(r.message);  // what could be read is still returned
}

TEST_CASE("Decode reports a missing mandatory element with the path of its parent", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "<ChrgBr>SHAR</ChrgBr>", "");
  auto r = Decode(xml, *Schemas());
  REQUIRE_FALSE(r.ok());
  const Issue* issue = FindIssue(r.issues, "XSD");
  REQUIRE(issue != nullptr);
  CHECK(issue->path.rfind("/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]", 0) == 0);
}

TEST_CASE("Decode checks that AppHdr MsgDefIdr names the Document's message and version", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "<MsgDefIdr>pacs.008.001.08</MsgDefIdr>", "<MsgDefIdr>pacs.008.001.10</MsgDefIdr>");
  auto r = Decode(xml, *Schemas());
  const Issue* issue = FindIssue(r.issues, "HDR-001");
  REQUIRE(issue != nullptr);
  CHECK(issue->path == "/AppHdr/MsgDefIdr");
  CHECK(issue->value == "pacs.008.001.10");
  CHECK(issue->line == 19);
}

TEST_CASE("Decode requires the AppHdr BizMsgIdr", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "<BizMsgIdr>NDF-20240502-000184</BizMsgIdr>", "");
  auto r = Decode(xml, *Schemas());
  REQUIRE_FALSE(r.ok());
  CHECK(HasIssue(r.issues, "XSD"));
  AppHdr hdr = *Decode(ReadData(kCbpr), *Schemas()).message->app_hdr;
  hdr.biz_msg_idr.clear();
  Issues issues;
  ValidateAppHdr(hdr, "pacs.008.001.08", issues);
  CHECK(HasIssue(issues, "HDR-002", "/AppHdr/BizMsgIdr"));
}

TEST_CASE("Decode names an unknown message version and lists the supported ones", "[codecs]") {
  std::string xml = ReadData("pacs008_v10_proxy.xml");
  for (int i = 0; i < 1; ++i) xml = Replace(xml, "pacs.008.001.10", "pacs.008.001.07");
  auto r = Decode(xml, *Schemas());
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].rule_id == "MSG-001");
  CHECK(r.issues[0].message.find("pacs.008.001.07") != std::string::npos);
  CHECK(r.issues[0].message.find("pacs.008.001.08") != std::string::npos);
  CHECK_FALSE(r.message);
}

TEST_CASE("Decode names an unknown AppHdr version", "[codecs]") {
  std::string xml = Replace(ReadData(kCbpr), "head.001.001.02", "head.001.001.01");
  auto r = Decode(xml, *Schemas());
  REQUIRE_FALSE(r.issues.empty());
  CHECK(r.issues[0].rule_id == "MSG-001");
  CHECK(r.issues[0].message.find("head.001.001.01") != std::string::npos);
}

TEST_CASE("Decode refuses an envelope without Document and an AppHdr after the Document", "[codecs]") {
  std::string xml = ReadData(kCbpr);
  size_t start = xml.find("  <Document");
  size_t end = xml.find("</Document>") + 11;
  std::string no_doc = xml.substr(0, start) + xml.substr(end);
  auto r = Decode(no_doc, *Schemas());
  CHECK(HasIssue(r.issues, "MSG-002"));
  CHECK_FALSE(r.message);

  size_t hdr_start = xml.find("  <AppHdr");
  size_t hdr_end = xml.find("</AppHdr>") + 9;
  std::string hdr = xml.substr(hdr_start, hdr_end - hdr_start);
  std::string swapped = xml.substr(0, hdr_start) + xml.substr(hdr_end, end - hdr_end) + hdr + xml.substr(end);
  auto s = Decode(swapped, *Schemas());
  CHECK(HasIssue(s.issues, "MSG-003"));
}

TEST_CASE("Decode accepts a prefixed wrapper and prefixed AppHdr without XML declaration", "[codecs]") {
  std::string xml = ReadData(kCbpr);
  xml = xml.substr(xml.find("?>") + 3);
  xml = Replace(xml, "<Envelope xmlns=\"urn:swift:xsd:envelope\">", "<env:Envelope xmlns:env=\"urn:example:wrapper\" xmlns:h=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">");
  xml = Replace(xml, "</Envelope>", "</env:Envelope>");
  xml = Replace(xml, "<AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">", "<h:AppHdr>");
  xml = Replace(xml, "</AppHdr>", "</h:AppHdr>");
  // Prefix every AppHdr child element.
  size_t a = xml.find("<h:AppHdr>") + 10, b = xml.find("</h:AppHdr>");
  std::string hdr = xml.substr(a, b - a);
  std::string out;
  for (size_t i = 0; i < hdr.size(); ++i) {
    out += hdr[i];
    if (hdr[i] == '<') out += (hdr[i + 1] == '/') ? "/h:" : "h:";
    if (hdr[i] == '<' && hdr[i + 1] == '/') ++i;
  }
  xml = xml.substr(0, a) + out + xml.substr(b);
  auto r = Decode(xml, *Schemas());
  INFO(Describe(r.issues));
  CHECK(r.ok());
  CHECK(r.message->app_hdr->biz_msg_idr == "NDF-20240502-000184");
}

TEST_CASE("Decode ignores a schemaLocation and never fetches it", "[codecs]") {
  std::string xml = Replace(ReadData("pacs008_v10_proxy.xml"),
                            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10\">",
                            "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10\" "
                            "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                            "xsi:schemaLocation=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10 http://203.0.113.9/evil.xsd\">");
  auto r = Decode(xml, *Schemas());
  INFO(Describe(r.issues));
  CHECK(r.ok());
}

TEST_CASE("Decode of pacs.002 rejects unknown status and reason codes and RJCT without reason", "[codecs]") {
  std::string base = ReadData("pacs002_nack_envelope.xml");
  auto bad_reason = Decode(Replace(base, "<Cd>AC04</Cd>", "<Cd>ZZ42</Cd>"), *Schemas());
  CHECK(HasIssue(bad_reason.issues, "CODE-001", "/Document/FIToFIPmtStsRpt/TxInfAndSts[1]/StsRsnInf[1]/Rsn/Cd"));
  auto bad_status = Decode(Replace(base, "<TxSts>RJCT</TxSts>", "<TxSts>OKAY</TxSts>"), *Schemas());
  CHECK(HasIssue(bad_status.issues, "CODE-001", "/Document/FIToFIPmtStsRpt/TxInfAndSts[1]/TxSts"));
  size_t a = base.find("<StsRsnInf>"), b = base.find("</StsRsnInf>") + 12;
  auto no_reason = Decode(base.substr(0, a) + base.substr(b), *Schemas());
  CHECK(HasIssue(no_reason.issues, "STS-001"));
}

}  // namespace
}  // namespace gw::codecs
