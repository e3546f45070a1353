// Tests of pacs.004.001.09 PaymentReturn: decoding, writing, JSON, schema violations and
// business rules (return reasons, returned amounts, group totals).
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

constexpr std::string_view kId = "pacs.004.001.09";
constexpr std::string_view kTx1 = "/Document/PmtRtr/TxInf[1]";
constexpr std::string_view kTx2 = "/Document/PmtRtr/TxInf[2]";

TEST_CASE("Decode reads a pacs.004 returning two credit transfers with their reasons",
          "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  const auto& doc = std::get<Pacs004>(r.message->document);
  CHECK(doc.grp_hdr.ttl_rtrd_intr_bk_sttlm_amt == Amount{Decimal(1313040, 2), "EUR"});
  REQUIRE(doc.tx_inf.size() == 2);
  const auto& first = doc.tx_inf[0];
  CHECK(first.orgnl_uetr == "224b1a81-ac41-4d94-9e85-78e1e2768618");
  REQUIRE(first.rtr_rsn_inf.size() == 1);
  CHECK(first.rtr_rsn_inf[0].rsn->cd == "AC04");
  REQUIRE(first.rtr_chain.has_value());
  CHECK(first.rtr_chain->dbtr.pty->nm == "Jeanne Lefevre");
  REQUIRE(first.orgnl_tx_ref.has_value());
  CHECK(first.orgnl_tx_ref->cdtr_acct->id->iban == "FR7630006000011234567890189");
  CHECK(doc.tx_inf[1].rtr_rsn_inf[0].rsn->cd == "MD07");
}

TEST_CASE("Decode reads a pacs.004 inside an Envelope with its head.001 AppHdr", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_envelope.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  REQUIRE(r.message->app_hdr.has_value());
  CHECK(r.message->app_hdr->msg_def_idr == "pacs.004.001.09");
}

TEST_CASE("Encode writes a pacs.004 that decodes to the same model and passes the schema",
          "[codecs]") {
  ExpectRoundTrip(Sample(kId, "valid_bare.xml"));
  ExpectRoundTrip(Sample(kId, "valid_envelope.xml"));
}

TEST_CASE("Decode rejects a pacs.004 that breaks its schema, naming the element", "[codecs]") {
  ExpectSchemaViolation(Sample(kId, "invalid_unknown_charge_bearer.xml"), "ChrgBr");
  ExpectSchemaViolation(Sample(kId, "invalid_missing_returned_amount.xml"), "TxInf[2]");
  ExpectSchemaViolation(Sample(kId, "invalid_return_reason_too_long.xml"), "RtrRsnInf[1]/Rsn/Cd");
  ExpectSchemaViolation(Sample(kId, "invalid_ccy_lower_case.xml"), "TxInf[1]");
}

TEST_CASE("Decode rejects a pacs.004 whose return reason is not an ISO return reason code",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<Cd>MD07</Cd>", "<Cd>ZZ99</Cd>"),
                 "CODE-001", std::string(kTx2) + "/RtrRsnInf[1]/Rsn/Cd", "FF01");
}

TEST_CASE("Decode accepts return reasons of the complete ExternalReturnReason1Code set",
          "[codecs]") {
  for (const char* code : {"AC17", "DC04", "G004", "RC04"}) {
    INFO(code);
    std::string xml = Replace(Sample(kId, "valid_bare.xml"), "<Cd>MD07</Cd>",
                              std::string("<Cd>") + code + "</Cd>");
    DecodeResult r = Decode(xml, Schemas());
    INFO(ext_testing::Describe(r.issues));
    CHECK(r.ok());
  }
}

TEST_CASE("Decode rejects a pacs.004 transaction returned without a reason", "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), R"(        <Rsn>
          <Cd>MD07</Cd>
        </Rsn>
)",
                            "");
  ExpectOnlyRule(xml, "RSN-001", std::string(kTx2) + "/RtrRsnInf", "FF01");
}

TEST_CASE("Decode accepts a pacs.004 whose reason is given once for the original group",
          "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), R"(        <Rsn>
          <Cd>MD07</Cd>
        </Rsn>
)",
                            "");
  xml = Replace(xml, "    <TxInf>", R"(    <OrgnlGrpInf>
      <OrgnlMsgId>COBA20260312-CT-001882</OrgnlMsgId>
      <OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId>
      <RtrRsnInf>
        <Rsn>
          <Cd>AC04</Cd>
        </Rsn>
      </RtrRsnInf>
    </OrgnlGrpInf>
    <TxInf>)");
  DecodeResult r = Decode(xml, Schemas());
  INFO(ext_testing::Describe(r.issues));
  CHECK(r.ok());
}

TEST_CASE("Decode rejects a pacs.004 returning more than was originally settled", "[codecs]") {
  ExpectOnlyRule(
      Replace(Sample(kId, "valid_bare.xml"),
              "<OrgnlIntrBkSttlmAmt Ccy=\"EUR\">11880.40</OrgnlIntrBkSttlmAmt>",
              "<OrgnlIntrBkSttlmAmt Ccy=\"EUR\">11000.00</OrgnlIntrBkSttlmAmt>"),
      "RTR-001", std::string(kTx2) + "/RtrdIntrBkSttlmAmt", "AM09");
}

TEST_CASE("Decode rejects a pacs.004 transaction that does not identify the original",
          "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"),
                            "      <OrgnlEndToEndId>PO-77812-FINAL</OrgnlEndToEndId>\n", "");
  xml = Replace(xml, "      <OrgnlTxId>COBA-CT-1882-11-TX</OrgnlTxId>\n", "");
  xml = Replace(xml, "      <OrgnlUETR>9709b158-3e42-40a4-b737-2dff19aeb22f</OrgnlUETR>\n", "");
  ExpectOnlyRule(xml, "REF-001", std::string(kTx2), "FF01");
}

TEST_CASE("Decode rejects a pacs.004 whose counts and totals disagree with its returns",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<NbOfTxs>2</NbOfTxs>",
                         "<NbOfTxs>1</NbOfTxs>"),
                 "GRP-001", "/Document/PmtRtr/GrpHdr/NbOfTxs", "AM18");
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<CtrlSum>13130.40</CtrlSum>",
                         "<CtrlSum>13130.41</CtrlSum>"),
                 "GRP-002", "/Document/PmtRtr/GrpHdr/CtrlSum", "AM10");
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"),
                         "<TtlRtrdIntrBkSttlmAmt Ccy=\"EUR\">13130.40",
                         "<TtlRtrdIntrBkSttlmAmt Ccy=\"EUR\">1313.04"),
                 "GRP-003", "/Document/PmtRtr/GrpHdr/TtlRtrdIntrBkSttlmAmt", "AM10");
}

TEST_CASE("Decode rejects a pacs.004 whose original transaction names an account with a bad IBAN",
          "[codecs]") {
  ExpectRule(Replace(Sample(kId, "valid_bare.xml"),
                     "<IBAN>FR7630006000011234567890189</IBAN>",
                     "<IBAN>FR7630006000011234567890188</IBAN>"),
             "IBAN-003", std::string(kTx1) + "/OrgnlTxRef/CdtrAcct/Id/IBAN", "AC01");
}

TEST_CASE("Decode rejects a pacs.004 whose original UETR is reused in upper case", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  std::get<Pacs004>(m.document).tx_inf[0].orgnl_uetr = "224B1A81-AC41-4D94-9E85-78E1E2768618";
  Issues issues = Validate(m);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "UETR-001");
  CHECK(issues[0].path == std::string(kTx1) + "/OrgnlUETR");
}

TEST_CASE("Validate rejects a pacs.004 return chain naming both a party and an agent",
          "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  auto& chain = *std::get<Pacs004>(m.document).tx_inf[0].rtr_chain;
  chain.cdtr.agt = Agent{};
  chain.cdtr.agt->fin_instn_id.bicfi = "COBADEFFXXX";
  Issues issues = Validate(m);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "CHC-001");
  CHECK(issues[0].path == std::string(kTx1) + "/RtrChain/Cdtr");
}

}  // namespace
}  // namespace gw::codecs
