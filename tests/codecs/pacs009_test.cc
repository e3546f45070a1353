// Tests of pacs.009.001.08 FinancialInstitutionCreditTransfer: decoding, writing, JSON,
// schema violations and business rules.
#include <catch2/catch.hpp>

#include <variant>

#include "codecs/iso20022/codec.h"
#include "tests/codecs/ext_messages_test_support.h"

namespace gw::codecs {
namespace {

using ext_testing::ExpectOnlyRule;
using ext_testing::ExpectRoundTrip;
using ext_testing::ExpectRule;
using ext_testing::ExpectSchemaViolation;
using ext_testing::Replace;
using ext_testing::Sample;
using ext_testing::Schemas;

constexpr std::string_view kId = "pacs.009.001.08";
constexpr std::string_view kTx1 = "/Document/FICdtTrf/CdtTrfTxInf[1]";

TEST_CASE("Decode reads a pacs.009 with a treasury transfer and a cover payment", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(r.message->msg_def_id == "pacs.009.001.08");
  CHECK_FALSE(r.message->app_hdr.has_value());
  const auto& doc = std::get<Pacs009>(r.message->document);
  CHECK(doc.grp_hdr.msg_id == "COBA20260312-FI-000417");
  CHECK(doc.grp_hdr.sttlm_inf.sttlm_mtd == "CLRG");
  REQUIRE(doc.cdt_trf_tx_inf.size() == 2);
  const auto& treasury = doc.cdt_trf_tx_inf[0];
  CHECK(treasury.intr_bk_sttlm_amt == Amount{Decimal(500000000, 2), "EUR"});
  CHECK(treasury.dbtr.fin_instn_id.bicfi == "COBADEFFXXX");
  CHECK(treasury.cdtr.fin_instn_id.pstl_adr->twn_nm == "Paris");
  REQUIRE(treasury.rmt_inf.has_value());
  CHECK(treasury.rmt_inf->ustrd.size() == 1);
  const auto& cover = doc.cdt_trf_tx_inf[1];
  REQUIRE(cover.undrlyg_cstmr_cdt_trf.has_value());
  CHECK(cover.undrlyg_cstmr_cdt_trf->cdtr.nm == "Atelier Moreau et Fils SARL");
  CHECK(cover.undrlyg_cstmr_cdt_trf->instd_amt == Amount{Decimal(30125075, 2), "EUR"});
}

TEST_CASE("Decode reads a pacs.009 inside an Envelope with its head.001 AppHdr", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_envelope.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  REQUIRE(r.message->app_hdr.has_value());
  CHECK(r.message->app_hdr->msg_def_idr == "pacs.009.001.08");
  CHECK(r.message->app_hdr->biz_msg_idr == "COBA20260312-FI-000417");
  CHECK(std::holds_alternative<Pacs009>(r.message->document));
}

TEST_CASE("Encode writes a pacs.009 that decodes to the same model and passes the schema",
          "[codecs]") {
  ExpectRoundTrip(Sample(kId, "valid_bare.xml"));
  Message enveloped = ExpectRoundTrip(Sample(kId, "valid_envelope.xml"));
  CHECK(Encode(enveloped).find("<Envelope") != std::string::npos);
}

TEST_CASE("Decode rejects a pacs.009 that breaks its schema, naming the element", "[codecs]") {
  ExpectSchemaViolation(Sample(kId, "invalid_bic_pattern.xml"), "Cdtr/FinInstnId/BICFI");
  ExpectSchemaViolation(Sample(kId, "invalid_amount_fraction_digits.xml"), "IntrBkSttlmAmt");
  ExpectSchemaViolation(Sample(kId, "invalid_uetr_not_v4.xml"), "PmtId/UETR");
  ExpectSchemaViolation(Sample(kId, "invalid_missing_nb_of_txs.xml"), "GrpHdr");
}

TEST_CASE("Decode rejects a pacs.009 whose NbOfTxs disagrees with its transactions",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<NbOfTxs>2</NbOfTxs>",
                         "<NbOfTxs>3</NbOfTxs>"),
                 "GRP-001", "/Document/FICdtTrf/GrpHdr/NbOfTxs", "AM18");
}

TEST_CASE("Decode rejects a pacs.009 whose CtrlSum is not the sum of its amounts", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<CtrlSum>5301250.75</CtrlSum>",
                         "<CtrlSum>5301250.70</CtrlSum>"),
                 "GRP-002", "/Document/FICdtTrf/GrpHdr/CtrlSum", "AM10");
}

TEST_CASE("Decode rejects a pacs.009 whose total settlement amount disagrees", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"),
                         "<TtlIntrBkSttlmAmt Ccy=\"EUR\">5301250.75</TtlIntrBkSttlmAmt>",
                         "<TtlIntrBkSttlmAmt Ccy=\"EUR\">5301251.75</TtlIntrBkSttlmAmt>"),
                 "GRP-003", "/Document/FICdtTrf/GrpHdr/TtlIntrBkSttlmAmt", "AM10");
}

TEST_CASE("Decode rejects a pacs.009 settling in an unknown currency", "[codecs]") {
  ExpectRule(Replace(Sample(kId, "valid_bare.xml"), "<IntrBkSttlmAmt Ccy=\"EUR\">5000000.00",
                     "<IntrBkSttlmAmt Ccy=\"XEU\">5000000.00"),
             "CUR-001", std::string(kTx1) + "/IntrBkSttlmAmt", "AM03");
}

TEST_CASE("Decode rejects a pacs.009 cover whose yen amount has decimals", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<InstdAmt Ccy=\"EUR\">301250.75",
                         "<InstdAmt Ccy=\"JPY\">301250.75"),
                 "CUR-002", "/Document/FICdtTrf/CdtTrfTxInf[2]/UndrlygCstmrCdtTrf/InstdAmt",
                 "AM12");
}

TEST_CASE("Decode rejects a pacs.009 paying a zero amount", "[codecs]") {
  ExpectRule(Replace(Sample(kId, "valid_bare.xml"),
                     "<IntrBkSttlmAmt Ccy=\"EUR\">5000000.00</IntrBkSttlmAmt>",
                     "<IntrBkSttlmAmt Ccy=\"EUR\">0.00</IntrBkSttlmAmt>"),
             "AMT-001", std::string(kTx1) + "/IntrBkSttlmAmt", "AM01");
}

TEST_CASE("Decode rejects a pacs.009 whose debtor IBAN fails the check digits", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "DE44500105175407324931",
                         "DE45500105175407324931"),
                 "IBAN-003", std::string(kTx1) + "/DbtrAcct/Id/IBAN", "AC01");
}

TEST_CASE("Decode rejects a pacs.009 whose creditor BIC names no country", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<BICFI>BNPAFRPPPAR</BICFI>",
                         "<BICFI>BNPAXXPPPAR</BICFI>"),
                 "BIC-002", std::string(kTx1) + "/Cdtr/FinInstnId/BICFI", "RC01");
}

TEST_CASE("Decode rejects a pacs.009 whose debtor LEI has wrong check digits", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "851WYGNLUQLFZBSYGB56",
                         "851WYGNLUQLFZBSYGB57"),
                 "LEI-001", std::string(kTx1) + "/Dbtr/FinInstnId/LEI", "RR12");
}

TEST_CASE("Decode rejects a pacs.009 without any interbank settlement date", "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"),
                            "<IntrBkSttlmDt>2026-03-12</IntrBkSttlmDt>", "");
  ExpectRule(xml, "GRP-004", std::string(kTx1) + "/IntrBkSttlmDt", "DT01");
  ExpectRule(xml, "GRP-004", "/Document/FICdtTrf/CdtTrfTxInf[2]/IntrBkSttlmDt", "DT01");
}

TEST_CASE("Validate rejects a pacs.009 built with a UETR that is not version 4", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  std::get<Pacs009>(m.document).cdt_trf_tx_inf[0].pmt_id.uetr =
      "deea5a3f-5df1-176f-963d-38d9818dbc14";
  Issues issues = Validate(m);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "UETR-001");
  CHECK(issues[0].path == std::string(kTx1) + "/PmtId/UETR");
  CHECK(issues[0].reason_code == "FF01");
}

}  // namespace
}  // namespace gw::codecs
