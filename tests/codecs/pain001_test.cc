// Tests of pain.001.001.09 CustomerCreditTransferInitiation: decoding, writing, JSON,
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

constexpr std::string_view kId = "pain.001.001.09";
constexpr std::string_view kPmtInf = "/Document/CstmrCdtTrfInitn/PmtInf[1]";

std::string At(std::string_view tail) { return std::string(kPmtInf) + std::string(tail); }

TEST_CASE("Decode reads a pain.001 batch of three supplier and fee payments", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  const auto& doc = std::get<Pain001>(r.message->document);
  CHECK(doc.grp_hdr.initg_pty.ctct_dtls->phne_nb == "+49-711-5550182");
  REQUIRE(doc.pmt_inf.size() == 1);
  const auto& pi = doc.pmt_inf[0];
  CHECK(pi.pmt_mtd == "TRF");
  CHECK(pi.btch_bookg == true);
  CHECK(pi.reqd_exctn_dt.dt == "2026-03-12");
  CHECK(pi.dbtr_acct.ccy == "EUR");
  REQUIRE(pi.cdt_trf_tx_inf.size() == 3);
  CHECK(pi.cdt_trf_tx_inf[0].amt.instd_amt == Amount{Decimal(1840000, 2), "EUR"});
  CHECK(pi.cdt_trf_tx_inf[0].rmt_inf->strd[0].cdtr_ref_inf->ref == "RF18539007547034");
  REQUIRE(pi.cdt_trf_tx_inf[2].rgltry_rptg.size() == 1);
  CHECK(pi.cdt_trf_tx_inf[2].rgltry_rptg[0].dtls[0].cd == "Z4");
}

TEST_CASE("Decode reads a pain.001 inside an Envelope with its head.001 AppHdr", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_envelope.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(r.message->app_hdr->msg_def_idr == "pain.001.001.09");
  CHECK(r.message->app_hdr->fr.org_id->id->org_id->lei == "529900T8BM49AURSDO55");
}

TEST_CASE("Encode writes a pain.001 that decodes to the same model and passes the schema",
          "[codecs]") {
  ExpectRoundTrip(Sample(kId, "valid_bare.xml"));
  ExpectRoundTrip(Sample(kId, "valid_envelope.xml"));
}

TEST_CASE("Decode rejects a pain.001 that breaks its schema, naming the element", "[codecs]") {
  ExpectSchemaViolation(Sample(kId, "invalid_missing_debtor_account.xml"), "PmtInf[1]");
  ExpectSchemaViolation(Sample(kId, "invalid_payment_method.xml"), "PmtMtd");
  ExpectSchemaViolation(Sample(kId, "invalid_name_too_long.xml"), "Cdtr/Nm");
  ExpectSchemaViolation(Sample(kId, "invalid_phone_pattern.xml"), "CtctDtls/PhneNb");
}

TEST_CASE("Decode rejects a pain.001 whose counts disagree at group and payment level",
          "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), "<NbOfTxs>3</NbOfTxs>",
                            "<NbOfTxs>4</NbOfTxs>");
  ExpectOnlyRule(xml, "GRP-001", "/Document/CstmrCdtTrfInitn/GrpHdr/NbOfTxs", "AM18");
  xml = Replace(Sample(kId, "valid_bare.xml"), "<BtchBookg>true</BtchBookg>\n      <NbOfTxs>3",
                "<BtchBookg>true</BtchBookg>\n      <NbOfTxs>2");
  ExpectOnlyRule(xml, "GRP-001", At("/NbOfTxs"), "AM18");
}

TEST_CASE("Decode rejects a pain.001 whose control sum is not the sum of its amounts",
          "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), "<CtrlSum>24921.55</CtrlSum>",
                            "<CtrlSum>24921.50</CtrlSum>");
  ExpectOnlyRule(xml, "GRP-002", "/Document/CstmrCdtTrfInitn/GrpHdr/CtrlSum", "AM10");
}

TEST_CASE("Decode rejects a pain.001 transfer without a creditor account", "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), R"(        <CdtrAcct>
          <Id>
            <IBAN>AT611904300234573201</IBAN>
          </Id>
        </CdtrAcct>
)",
                            "");
  ExpectOnlyRule(xml, "PMT-001", At("/CdtTrfTxInf[3]/CdtrAcct"), "AC01");
}

TEST_CASE("Decode rejects a pain.001 transfer carrying cheque instructions", "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), R"(          <InstdAmt Ccy="EUR">2240.00</InstdAmt>
        </Amt>
)",
                            R"(          <InstdAmt Ccy="EUR">2240.00</InstdAmt>
        </Amt>
        <ChqInstr>
          <ChqTp>BCHQ</ChqTp>
        </ChqInstr>
)");
  ExpectOnlyRule(xml, "PMT-002", At("/CdtTrfTxInf[2]/ChqInstr"), "FF01");
}

TEST_CASE("Decode rejects a pain.001 paying into an account with a bad IBAN", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<IBAN>AT611904300234573201</IBAN>",
                         "<IBAN>AT611904300234573202</IBAN>"),
                 "IBAN-003", At("/CdtTrfTxInf[3]/CdtrAcct/Id/IBAN"), "AC01");
}

TEST_CASE("Decode rejects a pain.001 instructed in an unknown currency", "[codecs]") {
  ExpectRule(Replace(Sample(kId, "valid_bare.xml"), "<InstdAmt Ccy=\"EUR\">4281.55</InstdAmt>",
                     "<InstdAmt Ccy=\"EEK\">4281.55</InstdAmt>"),
             "CUR-001", At("/CdtTrfTxInf[3]/Amt/InstdAmt"), "AM03");
}

TEST_CASE("Decode rejects a pain.001 reporting to an authority in an unknown country",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"),
                         "<Nm>Deutsche Bundesbank</Nm>\n            <Ctry>DE</Ctry>",
                         "<Nm>Deutsche Bundesbank</Nm>\n            <Ctry>QQ</Ctry>"),
                 "CTRY-001", At("/CdtTrfTxInf[3]/RgltryRptg[1]/Authrty/Ctry"), "BE09");
}

TEST_CASE("Decode rejects a pain.001 requesting execution on a day that does not exist",
          "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  std::get<Pain001>(m.document).pmt_inf[0].reqd_exctn_dt.dt = "2026-02-30";
  Issues issues = Validate(m);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "DT-001");
  CHECK(issues[0].path == At("/ReqdExctnDt/Dt"));
  CHECK(issues[0].reason_code == "DT01");
}

}  // namespace
}  // namespace gw::codecs
