// Tests of camt.056.001.08 FIToFIPaymentCancellationRequest: decoding, writing, JSON,
// schema violations and business rules (cancellation reasons, control data, structure).
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

constexpr std::string_view kId = "camt.056.001.08";
constexpr std::string_view kUndrlyg = "/Document/FIToFIPmtCxlReq/Undrlyg[1]";

TEST_CASE("Decode reads a camt.056 asking to cancel two transactions", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  const auto& doc = std::get<Camt056>(r.message->document);
  CHECK(doc.assgnmt.assgnr.agt->fin_instn_id.bicfi == "COBADEFFXXX");
  CHECK(doc.assgnmt.assgne.agt->fin_instn_id.bicfi == "BNPAFRPPXXX");
  REQUIRE(doc.case_info.has_value());
  CHECK(doc.case_info->id == "CASE-COBA-2026-004411");
  REQUIRE(doc.undrlyg.size() == 1);
  const auto& u = doc.undrlyg[0];
  CHECK(u.orgnl_grp_inf_and_cxl->orgnl_msg_nm_id == "pacs.008.001.08");
  REQUIRE(u.tx_inf.size() == 2);
  CHECK(u.tx_inf[0].cxl_rsn_inf[0].rsn->cd == "DUPL");
  CHECK(u.tx_inf[1].cxl_rsn_inf[0].rsn->cd == "FRAD");
  CHECK(u.tx_inf[0].orgnl_tx_ref->sttlm_inf->clr_sys->cd == "ST2");
}

TEST_CASE("Decode reads a camt.056 inside an Envelope with its head.001 AppHdr", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_envelope.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(r.message->app_hdr->msg_def_idr == "camt.056.001.08");
}

TEST_CASE("Encode writes a camt.056 that decodes to the same model and passes the schema",
          "[codecs]") {
  ExpectRoundTrip(Sample(kId, "valid_bare.xml"));
  ExpectRoundTrip(Sample(kId, "valid_envelope.xml"));
}

TEST_CASE("Decode rejects a camt.056 that breaks its schema, naming the element", "[codecs]") {
  ExpectSchemaViolation(Sample(kId, "invalid_missing_assignee.xml"), "Assgnmt");
  ExpectSchemaViolation(Sample(kId, "invalid_choice_both_branches.xml"), "Assgnr");
  ExpectSchemaViolation(Sample(kId, "invalid_cancellation_reason_too_long.xml"),
                        "CxlRsnInf[1]/Rsn/Cd");
  ExpectSchemaViolation(Sample(kId, "invalid_element_out_of_order.xml"), "TxInf[2]");
}

TEST_CASE("Decode rejects a camt.056 whose cancellation reason is not an ISO code",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<Cd>FRAD</Cd>", "<Cd>OOPS</Cd>"),
                 "CODE-001", std::string(kUndrlyg) + "/TxInf[2]/CxlRsnInf[1]/Rsn/Cd", "FF01");
}

TEST_CASE("Decode rejects a camt.056 transaction to cancel without a reason", "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), R"(          <Rsn>
            <Cd>FRAD</Cd>
          </Rsn>
)",
                            "");
  ExpectOnlyRule(xml, "RSN-001", std::string(kUndrlyg) + "/TxInf[2]/CxlRsnInf", "FF01");
}

TEST_CASE("Decode rejects a camt.056 whose control data disagree with its transactions",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<NbOfTxs>2</NbOfTxs>",
                         "<NbOfTxs>5</NbOfTxs>"),
                 "GRP-001", "/Document/FIToFIPmtCxlReq/CtrlData/NbOfTxs", "AM18");
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<CtrlSum>20640.00</CtrlSum>",
                         "<CtrlSum>20000.00</CtrlSum>"),
                 "GRP-002", "/Document/FIToFIPmtCxlReq/CtrlData/CtrlSum", "AM10");
}

TEST_CASE("Decode rejects a camt.056 cancelling a whole group while listing transactions",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"),
                         "<OrgnlCreDtTm>2026-03-12T08:15:03+01:00</OrgnlCreDtTm>\n      </OrgnlGrpInfAndCxl>",
                         "<OrgnlCreDtTm>2026-03-12T08:15:03+01:00</OrgnlCreDtTm>\n        "
                         "<GrpCxl>true</GrpCxl>\n      </OrgnlGrpInfAndCxl>"),
                 "CXL-002", std::string(kUndrlyg) + "/OrgnlGrpInfAndCxl/GrpCxl", "FF01");
}

TEST_CASE("Decode rejects a camt.056 transaction that does not identify the original",
          "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"),
                            "        <OrgnlEndToEndId>SUPPL-INV-55377</OrgnlEndToEndId>\n", "");
  xml = Replace(xml, "        <OrgnlTxId>COBA-CT-1882-04-TX</OrgnlTxId>\n", "");
  xml = Replace(xml, "        <OrgnlUETR>b8577bd8-8be5-4dca-92c8-95447d2e6ae2</OrgnlUETR>\n", "");
  ExpectOnlyRule(xml, "REF-001", std::string(kUndrlyg) + "/TxInf[2]", "FF01");
}

TEST_CASE("Decode rejects a camt.056 whose assigner BIC is malformed", "[codecs]") {
  // Schema-valid (pattern) but ISO 9362 needs a real country in positions 5-6.
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<BICFI>COBADEFFXXX</BICFI>",
                         "<BICFI>COBAQQFFXXX</BICFI>"),
                 "BIC-002", "/Document/FIToFIPmtCxlReq/Assgnmt/Assgnr/Agt/FinInstnId/BICFI",
                 "RC01");
}

TEST_CASE("Validate rejects a camt.056 underlying block that names nothing to cancel",
          "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  std::get<Camt056>(m.document).undrlyg.emplace_back();
  Issues issues = Validate(m);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "CXL-001");
  CHECK(issues[0].path == "/Document/FIToFIPmtCxlReq/Undrlyg[2]");
}

}  // namespace
}  // namespace gw::codecs
