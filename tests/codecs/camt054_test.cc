// Tests of camt.054.001.08 BankToCustomerDebitCreditNotification: decoding, writing, JSON,
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

constexpr std::string_view kId = "camt.054.001.08";
constexpr std::string_view kNtfctn = "/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]";

std::string At(std::string_view tail) { return std::string(kNtfctn) + std::string(tail); }

TEST_CASE("Decode reads a camt.054 notifying a credit and a returned debit", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  const auto& doc = std::get<Camt054>(r.message->document);
  CHECK(doc.grp_hdr.msg_rcpt->id->org_id->lei == "529900T8BM49AURSDO55");
  REQUIRE(doc.ntfctn.size() == 1);
  const auto& n = doc.ntfctn[0];
  REQUIRE(n.ntry.size() == 2);
  CHECK(n.ntry[0].bookg_dt->dt_tm == "2026-03-12T10:44:31+01:00");
  const auto& credit = n.ntry[0].ntry_dtls[0].tx_dtls[0];
  CHECK(credit.amt_dtls->instd_amt->amt == Amount{Decimal(1215922, 2), "EUR"});
  CHECK(credit.rmt_inf->strd[0].rfrd_doc_inf[0].nb == "KS-2026-88120");
  CHECK(credit.rltd_dts->accptnc_dt_tm == "2026-03-12T10:43:58+01:00");
  CHECK(n.ntry[1].rvsl_ind == true);
  CHECK(n.ntry[1].ntry_dtls[0].tx_dtls[0].rtr_inf->rsn->cd == "AC04");
}

TEST_CASE("Decode reads a camt.054 inside an Envelope with its head.001 AppHdr", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_envelope.xml"), Schemas());
  INFO(ext_testing::Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(r.message->app_hdr->msg_def_idr == "camt.054.001.08");
}

TEST_CASE("Encode writes a camt.054 that decodes to the same model and passes the schema",
          "[codecs]") {
  ExpectRoundTrip(Sample(kId, "valid_bare.xml"));
  ExpectRoundTrip(Sample(kId, "valid_envelope.xml"));
}

TEST_CASE("Decode rejects a camt.054 that breaks its schema, naming the element", "[codecs]") {
  ExpectSchemaViolation(Sample(kId, "invalid_missing_account.xml"), "Ntfctn[1]");
  ExpectSchemaViolation(Sample(kId, "invalid_balance_not_allowed.xml"), "Ntfctn[1]");
  ExpectSchemaViolation(Sample(kId, "invalid_entry_status_too_long.xml"), "Sts/Cd");
}

TEST_CASE("Decode rejects a camt.054 whose return reason is not an ISO return reason",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<Cd>AC04</Cd>", "<Cd>AC99</Cd>"),
                 "CODE-001", At("/Ntry[2]/NtryDtls[1]/TxDtls[1]/RtrInf/Rsn/Cd"), "FF01");
}

TEST_CASE("Decode rejects a camt.054 whose summary counts too few entries", "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<NbOfNtries>2</NbOfNtries>",
                         "<NbOfNtries>1</NbOfNtries>"),
                 "RPT-002", At("/TxsSummry/TtlNtries/NbOfNtries"), "AM18");
}

TEST_CASE("Decode rejects a camt.054 entry with a bank transaction domain that is not ISO",
          "[codecs]") {
  ExpectOnlyRule(Replace(Sample(kId, "valid_bare.xml"), "<Cd>PMNT</Cd>", "<Cd>PAYM</Cd>"),
                 "CODE-001", At("/Ntry[1]/BkTxCd/Domn/Cd"), "FF01");
}

TEST_CASE("Decode rejects a camt.054 whose transaction UETR is not version 4", "[codecs]") {
  DecodeResult r = Decode(Sample(kId, "valid_bare.xml"), Schemas());
  REQUIRE(r.ok());
  Message m = *r.message;
  std::get<Camt054>(m.document).ntfctn[0].ntry[0].ntry_dtls[0].tx_dtls[0].refs->uetr =
      "91602fa4-8a27-1ce9-8393-2fe0bd1c9944";
  Issues issues = Validate(m);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].rule_id == "UETR-001");
  CHECK(issues[0].path == At("/Ntry[1]/NtryDtls[1]/TxDtls[1]/Refs/UETR"));
}

TEST_CASE("Decode rejects a camt.054 notifying an amount in the wrong currency", "[codecs]") {
  ExpectRule(Replace(Sample(kId, "valid_bare.xml"), "<Amt Ccy=\"EUR\">1250.00</Amt>\n        <CdtDbtInd>DBIT",
                     "<Amt Ccy=\"GBP\">1250.00</Amt>\n        <CdtDbtInd>DBIT"),
             "RPT-001", At("/Ntry[2]/Amt"), "AM03");
}

}  // namespace
}  // namespace gw::codecs
