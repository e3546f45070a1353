// Tests of camt.029.001.09 ResolutionOfInvestigation: decoding, writing, JSON, schema
// violations and business rules (status codes, rejection reasons, status counts).
#include <catch2/catch.hpp>

#include <variant>

#include "codecs/iso20022/codec.h"
#include "tests/codecs/ext_messages_test_support.h"

namespace gw::codecs {
namespace {

using ext_testing::ExpectOnlyRule;
using ext_testing::ExpectRoundTrip;
using ext_testing::ExpectSchemaViolation;
using ext_testing::Replace;
using ext_testing::Sample;
using ext_testing::Schemas;

constexpr std::string_view kId = "camt.029.001.09";
constexpr std::string_view kCxl = "/Document/RsltnOfInvstgtn/CxlDtls[1]";

TEST_CASE("Decode reads a camt.029 partially accepting a cancellation request", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  const auto& doc = std::get<Camt029>(r.message->document);
  CHECK(doc.sts.conf == "PACR");
  CHECK(doc.rslvd_case->id == "CASE-COBA-2026-004411");
  REQUIRE(doc.cxl_dtls.size() == 1);
  const auto& grp = *doc.cxl_dtls[0].orgnl_grp_inf_and_sts;
  CHECK(grp.grp_cxl_sts == "PACR");
  REQUIRE(grp.nb_of_txs_per_cxl_sts.size() == 2);
  CHECK(grp.nb_of_txs_per_cxl_sts[1].dtld_sts == "RJCT");
  const auto& txs = doc.cxl_dtls[0].tx_inf_and_sts;
  REQUIRE(txs.size() == 2);
  CHECK(txs[0].tx_cxl_sts == "ACCR");
  CHECK(txs[0].rsltn_rltd_inf->clr_chanl == "RTNS");
  CHECK(txs[1].cxl_sts_rsn_inf[0].rsn->cd == "CUST");
}

TEST_CASE("Decode reads a camt.029 inside an Envelope with its head.001 AppHdr", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_envelope.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(r.message->app_hdr->msg_def_idr == "camt.029.001.09");
}

TEST_CASE("Encode writes a camt.029 that decodes to the same model and passes the schema",
          "[codecs]") {
  ExpectRoundTrip(Sample(kId, "valid_bare.xml"));
  ExpectRoundTrip(Sample(kId, "valid_envelope.xml"));
}

TEST_CASE("Decode rejects a camt.029 that breaks its schema, naming the element", "[codecs]") {
  ExpectSchemaViolation(Sample(kId, "invalid_missing_status.xml"), "RsltnOfInvstgtn");
  ExpectSchemaViolation(Sample(kId, "invalid_unknown_cancellation_status.xml"),
                        "TxInfAndSts[2]/TxCxlSts");
  ExpectSchemaViolation(Sample(kId, "invalid_bad_date.xml"), "RsltnRltdInf/IntrBkSttlmDt");
}

// In camt.029.001.09 the group-level counts (OrgnlGrpInfAndSts/NbOfTxsPerCxlSts) carry
// TransactionIndividualStatus1Code values; only the payment-information level counts use the
// cancellation statuses.
TEST_CASE("Decode reads group-level counts per status with transaction status codes",
          "[codecs]") {
  for (const char* code : {"ACTC", "RJCT", "PDNG", "ACCP", "ACSP", "ACSC", "ACCR", "ACWC"}) {
    INFO(code);
    DecodeResult r = Decode(Replace(Sample(kId, "valid_bare.xml"), "<DtldSts>RJCT</DtldSts>",
                                    std::string("<DtldSts>") + code + "</DtldSts>"),
                            Schemas());
    INFO(ext_testing::Describe(r.issues));
    REQUIRE(r.ok());
    const auto& grp = *std::get<Camt029>(r.message->document).cxl_dtls[0].orgnl_grp_inf_and_sts;
    CHECK(grp.nb_of_txs_per_cxl_sts[1].dtld_sts == code);
  }
  for (const char* code : {"RJCR", "PDCR", "PACR", "RCVD"}) {
    INFO(code);
    ExpectSchemaViolation(Replace(Sample(kId, "valid_bare.xml"), "<DtldSts>RJCT</DtldSts>",
                                  std::string("<DtldSts>") + code + "</DtldSts>"),
                          "NbOfTxsPerCxlSts[2]/DtldSts");
  }
}

namespace {
// A payment-information block inserted after OrgnlGrpInfAndSts of valid_bare.xml.
std::string WithPaymentInformation(std::string_view uetr, std::string_view detailed_status) {
  std::string block = R"(      </OrgnlGrpInfAndSts>
      <OrgnlPmtInfAndSts>
        <OrgnlPmtInfId>COBA-PMTINF-20260312-07</OrgnlPmtInfId>
        <OrgnlNbOfTxs>1</OrgnlNbOfTxs>
        <PmtInfCxlSts>ACCR</PmtInfCxlSts>
        <NbOfTxsPerCxlSts>
          <DtldNbOfTxs>1</DtldNbOfTxs>
          <DtldSts>)" + std::string(detailed_status) + R"(</DtldSts>
        </NbOfTxsPerCxlSts>
        <TxInfAndSts>
          <OrgnlEndToEndId>E2E-COBA-88213</OrgnlEndToEndId>
          <UETR>)" + std::string(uetr) + R"(</UETR>
          <TxCxlSts>ACCR</TxCxlSts>
        </TxInfAndSts>
      </OrgnlPmtInfAndSts>
)";
  return Replace(Sample(kId, "valid_bare.xml"), "      </OrgnlGrpInfAndSts>\n", block);
}
constexpr std::string_view kUetr = "7d3b1f2a-5c6e-4a8b-9d0f-1e2a3b4c5d6e";
}  // namespace

TEST_CASE("Decode keeps the UETR of a transaction under OrgnlPmtInfAndSts", "[codecs]") {
  std::string xml = WithPaymentInformation(kUetr, "ACCR");
  DecodeResult r = Decode(xml, Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  const auto& under = std::get<Camt029>(r.message->document).cxl_dtls[0];
  REQUIRE(under.orgnl_pmt_inf_and_sts.size() == 1);
  const auto& pi = under.orgnl_pmt_inf_and_sts[0];
  REQUIRE(pi.tx_inf_and_sts.size() == 1);
  CHECK(pi.tx_inf_and_sts[0].uetr == std::string(kUetr));
  CHECK(pi.nb_of_txs_per_cxl_sts[0].dtld_sts == "ACCR");
  Message back = ExpectRoundTrip(xml);
  CHECK(Encode(back).find("<UETR>" + std::string(kUetr) + "</UETR>") != std::string::npos);
}

TEST_CASE("Validate checks the UETR of a transaction under OrgnlPmtInfAndSts", "[codecs]") {
  DecodeResult r = Decode(WithPaymentInformation(kUetr, "ACCR"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  std::get<Camt029>(m.document).cxl_dtls[0].orgnl_pmt_inf_and_sts[0].tx_inf_and_sts[0].uetr =
      "7D3B1F2A-5C6E-4A8B-9D0F-1E2A3B4C5D6E";
  Issues issues = Validate(m);
  INFO(ext_testing::Describe(issues));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "UETR-001");
  CHECK(issues[0].path == std::string(kCxl) + "/OrgnlPmtInfAndSts[1]/TxInfAndSts[1]/UETR");
}

TEST_CASE("Decode keeps cancellation statuses in the payment-information level counts",
          "[codecs]") {
  ExpectSchemaViolation(WithPaymentInformation(kUetr, "RJCT"), "NbOfTxsPerCxlSts[1]/DtldSts");
}

TEST_CASE("Decode rejects a camt.029 whose investigation status is not an ISO code",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<Conf>PACR</Conf>", "<Conf>DONE</Conf>"),
                 "CODE-001", "/Document/RsltnOfInvstgtn/Sts/Conf", "FF01");
}

TEST_CASE("Decode rejects a camt.029 rejecting a cancellation without saying why",
          "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), R"(          <Rsn>
            <Cd>CUST</Cd>
          </Rsn>
)",
                            "");
  ExpectOnlyRule(xml, "RSN-001", std::string(kCxl) + "/TxInfAndSts[2]/CxlStsRsnInf", "FF01");
}

TEST_CASE("Decode rejects a camt.029 whose rejection reason is not an ISO code", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<Cd>CUST</Cd>", "<Cd>NOPE</Cd>"),
                 "CODE-001", std::string(kCxl) + "/TxInfAndSts[2]/CxlStsRsnInf[1]/Rsn/Cd", "FF01");
}

TEST_CASE("Decode rejects a camt.029 whose status counts do not add up to the original group",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<OrgnlNbOfTxs>2</OrgnlNbOfTxs>",
                         "<OrgnlNbOfTxs>3</OrgnlNbOfTxs>"),
                 "RSL-001", std::string(kCxl) + "/OrgnlGrpInfAndSts/NbOfTxsPerCxlSts", "AM18");
}

TEST_CASE("Decode rejects a camt.029 whose resolution settles in an unknown currency",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"),
                         "<IntrBkSttlmAmt Ccy=\"EUR\">18400.00</IntrBkSttlmAmt>\n          <IntrBkSttlmDt>",
                         "<IntrBkSttlmAmt Ccy=\"ABC\">18400.00</IntrBkSttlmAmt>\n          <IntrBkSttlmDt>"),
                 "CUR-001", std::string(kCxl) + "/TxInfAndSts[1]/RsltnRltdInf/IntrBkSttlmAmt",
                 "AM03");
}

TEST_CASE("Validate rejects a camt.029 giving two investigation statuses at once", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  std::get<Camt029>(m.document).sts.assgnmt_cxl_conf = true;
  Issues issues = Validate(m);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "CHC-001");
  CHECK(issues[0].path == "/Document/RsltnOfInvstgtn/Sts");
}

}  // namespace
}  // namespace gw::codecs
