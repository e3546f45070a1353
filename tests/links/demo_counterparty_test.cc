// File: tests/links/demo_counterparty_test.cc
// The demo counterparty behind a real outbound link: pacs.008 in, pacs.002 out.
#include <catch2/catch.hpp>

#include "codecs/iso20022/builders.h"
#include "codecs/iso20022/codec.h"
#include "codecs/iso20022/schema_set.h"
#include "gateway/links/demo_counterparty.h"
#include "tests/links/link_fixture.h"

namespace gw::links::testing {
namespace {

std::string Pacs008(const std::string& msg_id, const std::string& uetr, const std::string& creditor_iban,
                    std::int64_t cents) {
  codecs::CreditTransfer ct;
  ct.routing.from_bic = "DEUTDEFFXXX";
  ct.routing.to_bic = "NWBKGB2LXXX";
  ct.routing.msg_id = msg_id;
  ct.routing.creation_time = "2026-11-29T06:00:00Z";
  ct.settlement_method = "INDA";
  ct.settlement_date = "2026-11-30";
  ct.end_to_end_id = "E2E-" + msg_id;
  ct.uetr = uetr;
  ct.amount = codecs::Amount{codecs::Decimal(cents, 2), "EUR"};
  ct.debtor_name = "Alice Example";
  ct.debtor_iban = "DE89370400440532013000";
  ct.debtor_agent_bic = "DEUTDEFFXXX";
  ct.creditor_agent_bic = "NWBKGB2LXXX";
  ct.creditor_name = "Bob Example";
  ct.creditor_iban = creditor_iban;
  ct.remittance_info = {"Invoice 42"};
  return codecs::Encode(codecs::BuildPacs008(ct));
}

TEST_CASE("demo counterparty: ACK, NACK by rule, NACK on bad XML, same answer on repeat",
          "[links]") {
  LinkFixture f;
  const auto& pki = TestPki::Get();
  DemoCounterpartyConfig cfg;
  cfg.listener = LinkFixture::FastListenerConfig();
  cfg.tls = pki.Server("bank-b");
  cfg.allowed = {AllowedPeer{"bank-a", {"bank-a"}, {}}};
  cfg.schema_dir = std::filesystem::path(GW_SOURCE_DIR) / "schemas" / "iso20022";
  cfg.rejected_creditor_ibans = {"GB33BUKB20201555555555"};
  cfg.max_amount = "10000.00";
  auto demo = DemoCounterparty::Start(f.io.io(), cfg, f.registry);
  REQUIRE(demo.ok());
  f.StartLink(LinkFixture::FastLinkConfig((*demo)->port()));

  const std::string u1 = "8a562c67-ca16-48ba-b074-65581be6f011";
  const std::string u2 = "8a562c67-ca16-48ba-b074-65581be6f012";
  const std::string u3 = "8a562c67-ca16-48ba-b074-65581be6f013";
  const std::string u4 = "8a562c67-ca16-48ba-b074-65581be6f014";
  f.outbox.Add("bank-b", "OK-1", u1, Pacs008("OK-1", u1, "GB82WEST12345698765432", 125000));
  f.outbox.Add("bank-b", "IBAN-1", u2, Pacs008("IBAN-1", u2, "GB33BUKB20201555555555", 100));
  f.outbox.Add("bank-b", "AMT-1", u3, Pacs008("AMT-1", u3, "GB82WEST12345698765432", 1000001));
  f.outbox.Add("bank-b", "BAD-1", u4, "<not-xml");
  f.link->Notify();
  REQUIRE(f.delivery.WaitForOutcomes(4));
  auto a = f.delivery.answered();
  REQUIRE(a.size() == 4);
  CHECK(a["OK-1"].front().status == "ACSP");
  CHECK(a["IBAN-1"].front().status == "RJCT");
  CHECK(a["IBAN-1"].front().reason == "AC01");
  CHECK(a["AMT-1"].front().status == "RJCT");
  CHECK(a["AMT-1"].front().reason == "AM02");
  CHECK(a["BAD-1"].front().status == "RJCT");
  CHECK(a["BAD-1"].front().reason == "FF01");

  // The answers are schema-valid pacs.002 naming the original message and UETR.
  auto schemas = codecs::SchemaSet::Load(cfg.schema_dir);
  REQUIRE(schemas.ok());
  for (const auto& [id, answers] : a) {
    auto decoded = codecs::Decode(answers.front().body, **schemas);
    INFO(id << ": " << (decoded.issues.empty() ? "" : decoded.issues.front().ToString()));
    REQUIRE(decoded.ok());
    CHECK(decoded.message->msg_def_id == "pacs.002.001.10");
    CHECK(answers.front().body.find(id) != std::string::npos);
  }
  CHECK(a["IBAN-1"].front().body.find(u2) != std::string::npos);
  CHECK((*demo)->accepted() == 1);
  CHECK((*demo)->rejected() == 3);

  // A repeat of a message id gets the first answer, not a second processing.
  InboundMessage again{"bank-a", "IBAN-1", u2, Pacs008("IBAN-1", u2, "GB82WEST12345698765432", 100)};
  std::promise<StatusOr<InboundAnswer>> p;
  (*demo)->OnMessage(again, [&](StatusOr<InboundAnswer> r) { p.set_value(std::move(r)); });
  auto repeat = p.get_future().get();
  REQUIRE(repeat.ok());
  CHECK(repeat->status == "RJCT");
  CHECK((*demo)->duplicates() == 1);
  (*demo)->Stop();
  f.io.Join();
}

}  // namespace
}  // namespace gw::links::testing
