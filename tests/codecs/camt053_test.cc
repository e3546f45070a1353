// Tests of camt.053.001.08 BankToCustomerStatement: decoding, writing, JSON, schema
// violations and business rules (balances, summaries, currencies, codes).
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

constexpr std::string_view kId = "camt.053.001.08";
constexpr std::string_view kStmt = "/Document/BkToCstmrStmt/Stmt[1]";

std::string At(std::string_view tail) { return std::string(kStmt) + std::string(tail); }

TEST_CASE("Decode reads a camt.053 day statement with balances, summary and entries",
          "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  const auto& doc = std::get<Camt053>(r.message->document);
  REQUIRE(doc.stmt.size() == 1);
  const auto& s = doc.stmt[0];
  CHECK(s.acct.id.iban == "DE89370400440532013000");
  CHECK(s.acct.svcr->fin_instn_id.bicfi == "COBADEFFXXX");
  REQUIRE(s.bal.size() == 3);
  CHECK(s.bal[1].tp.cd_or_prtry.cd == "CLBD");
  CHECK(s.bal[1].amt == Amount{Decimal(16968777, 2), "EUR"});
  CHECK(s.elctrnc_seq_nb == Decimal(71, 0));
  REQUIRE(s.ntry.size() == 2);
  CHECK(s.ntry[0].cdt_dbt_ind == "DBIT");
  CHECK(s.ntry[0].bk_tx_cd.domn->fmly.sub_fmly_cd == "ESCT");
  REQUIRE(s.ntry[0].ntry_dtls.size() == 1);
  CHECK(s.ntry[0].ntry_dtls[0].btch->nb_of_txs == "3");
  CHECK(s.ntry[0].ntry_dtls[0].tx_dtls[0].refs->uetr == "c459e5ec-7ab1-46ea-96f9-968d34f4cc23");
  CHECK(s.ntry[1].bk_tx_cd.prtry->cd == "NTRF+166");
  CHECK(s.txs_summry->ttl_ntries->ttl_net_ntry->cdt_dbt_ind == "DBIT");
}

TEST_CASE("Decode reads a camt.053 inside an Envelope with its head.001 AppHdr", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_envelope.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(r.message->app_hdr->msg_def_idr == "camt.053.001.08");
  CHECK(r.message->app_hdr->to.org_id->nm == "Maschinenbau Kessler GmbH");
}

TEST_CASE("Encode writes a camt.053 that decodes to the same model and passes the schema",
          "[codecs]") {
  ExpectRoundTrip(Sample(kId, "valid_bare.xml"));
  ExpectRoundTrip(Sample(kId, "valid_envelope.xml"));
}

TEST_CASE("Decode rejects a camt.053 that breaks its schema, naming the element", "[codecs]") {
  ExpectSchemaViolation(Sample(kId, "invalid_missing_balance.xml"), "Stmt[1]");
  ExpectSchemaViolation(Sample(kId, "invalid_credit_debit_code.xml"), "CdtDbtInd");
  ExpectSchemaViolation(Sample(kId, "invalid_iban_pattern.xml"), "DbtrAcct/Id/IBAN");
  ExpectSchemaViolation(Sample(kId, "invalid_negative_amount.xml"), "Ntry[2]/Amt");
}

TEST_CASE("Decode rejects a camt.053 whose balance has an unknown currency", "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), "<Amt Ccy=\"EUR\">182450.10</Amt>",
                            "<Amt Ccy=\"EUX\">182450.10</Amt>");
  ExpectRule(xml, "CUR-001", At("/Bal[1]/Amt"), "AM03");
  ExpectRule(xml, "RPT-001", At("/Bal[1]/Amt"), "AM03");
}

TEST_CASE("Decode rejects a camt.053 entry booked in another currency than the account",
          "[codecs]") {
  ExpectRule(Replace(Sample(kId, "valid_bare.xml"), "<Amt Ccy=\"EUR\">12159.22</Amt>\n        <CdtDbtInd>CRDT",
                     "<Amt Ccy=\"USD\">12159.22</Amt>\n        <CdtDbtInd>CRDT"),
             "RPT-001", At("/Ntry[2]/Amt"), "AM03");
}

TEST_CASE("Decode rejects a camt.053 whose closing balance does not follow from its entries",
          "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), "<Amt Ccy=\"EUR\">169687.77</Amt>",
                            "<Amt Ccy=\"EUR\">169688.77</Amt>");
  ExpectOnlyRule(xml, "BAL-002", At("/Bal[2]/Amt"), "AM10");
}

TEST_CASE("Decode rejects a camt.053 without a closing booked balance", "[codecs]") {
  std::string xml = Replace(Sample(kId, "valid_bare.xml"), "<Cd>CLBD</Cd>", "<Cd>ITBD</Cd>");
  ExpectOnlyRule(xml, "BAL-001", At("/Bal"), "FF01");
}

TEST_CASE("Decode rejects a camt.053 balance whose type is not an ISO balance type",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<Cd>CLAV</Cd>", "<Cd>CLXX</Cd>"),
                 "CODE-001", At("/Bal[3]/Tp/CdOrPrtry/Cd"), "FF01");
}

TEST_CASE("Decode rejects a camt.053 whose transaction summary disagrees with its entries",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<NbOfNtries>2</NbOfNtries>",
                         "<NbOfNtries>4</NbOfNtries>"),
                 "RPT-002", At("/TxsSummry/TtlNtries/NbOfNtries"), "AM18");
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<Sum>37080.77</Sum>",
                         "<Sum>37080.78</Sum>"),
                 "RPT-002", At("/TxsSummry/TtlNtries/Sum"), "AM10");
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"),
                         "<Amt>12762.33</Amt>\n            <CdtDbtInd>DBIT",
                         "<Amt>12762.33</Amt>\n            <CdtDbtInd>CRDT"),
                 "RPT-002", At("/TxsSummry/TtlNtries/TtlNetNtry"), "AM10");
}

TEST_CASE("Decode rejects a camt.053 entry whose status is not an ISO entry status",
          "[codecs]") {
  ExpectRule(Replace(Sample(kId, "valid_bare.xml"), "<Cd>BOOK</Cd>", "<Cd>DONE</Cd>"),
             "CODE-001", At("/Ntry[1]/Sts/Cd"), "FF01");
}

TEST_CASE("Decode rejects a camt.053 whose counterparty IBAN fails the check digits",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<IBAN>NL20INGB0001234567</IBAN>",
                         "<IBAN>NL21INGB0001234567</IBAN>"),
                 "IBAN-003", At("/Ntry[2]/NtryDtls[1]/TxDtls[1]/RltdPties/DbtrAcct/Id/IBAN"),
                 "AC01");
}

TEST_CASE("Validate rejects a camt.053 built with an entry booked on a day that does not exist",
          "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  std::get<Camt053>(m.document).stmt[0].ntry[0].bookg_dt->dt = "2026-02-29";
  Issues issues = Validate(m);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "DT-001");
  CHECK(issues[0].path == At("/Ntry[1]/BookgDt/Dt"));
  CHECK(issues[0].reason_code == "DT01");
}

TEST_CASE("FromJson refuses a camt.053 whose balance amount is not a decimal", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  nlohmann::json j = ToJson(*r.message);
  j["Document"]["BkToCstmrStmt"]["Stmt"][0]["Bal"][0]["Amt"]["Value"] = "12,50";
  auto back = FromJson(j);
  REQUIRE_FALSE(back.ok());
  CHECK(back.status().code() == StatusCode::kInvalidArgument);
  CHECK(back.status().message().find("/Bal/0/Amt/Value") != std::string::npos);
}

}  // namespace
}  // namespace gw::codecs
