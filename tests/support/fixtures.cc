#include "tests/support/fixtures.h"

#include <catch2/catch.hpp>
#include <fstream>

namespace gw::test {

std::string MakeIban(const std::string& country, const std::string& bban) {
  // ISO 13616: check digits = 98 - (BBAN + country digits + "00") mod 97.
  std::string rearranged = bban + country + "00";
  int mod = 0;
  for (char c : rearranged) {
    const std::string digits = std::isdigit(static_cast<unsigned char>(c)) ? std::string(1, c) : std::to_string(c - 'A' + 10);
    for (char d : digits) mod = (mod * 10 + (d - '0')) % 97;
  }
  const int check = 98 - mod;
  char buf[3];
  std::snprintf(buf, sizeof buf, "%02d", check);
  return country + buf + bban;
}

ProcessResult Ctl(const std::string& database_url, std::vector<std::string> args, const std::string& stdin_text,
                  bool expect_ok) {
  args.insert(args.begin(), BinaryPath("gatewayctl"));
  auto r = Run(args, {{"DATABASE_URL", database_url}}, stdin_text);
  if (expect_ok) {
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
  }
  return r;
}

void ImportWatchList(const std::string& url) {
  TempDir dir;
  const std::string list = dir.path() + "/watchlist.csv";
  std::ofstream(list) << "name,aliases,country,bic,list name,reference\n"
                         "\"Zebulon Quarrington Vexmoor\",\"\",NZ,,FIXTURE-WATCH,FX-001\n";
  Ctl(url, {"sanctions", "import", "--format", "watchlist", list});
}

GatewayFixture::GatewayFixture(std::map<std::string, std::string> env, Lists lists) : env_(env) {
  alice_iban = MakeIban("DE", "370400440532013000");
  bob_iban = MakeIban("DE", "500105175407324931");
  carol_iban = MakeIban("FR", "20041010050500013M02606");
  const std::string& url = db_.url();
  {
    // A hash costs a few hundred milliseconds at the production scrypt cost: one
    // per test process, shared by the operators of a seed file.
    static const std::string hash = [&] {
      auto r = Ctl(url, {"operator", "hash-password"}, std::string(kPassword) + "\n");
      return r.output.substr(0, r.output.find('\n'));
    }();
    TempDir seed_dir;
    const std::string seed = seed_dir.path() + "/operators.toml";
    std::ofstream out(seed);
    for (const auto& [user, role] : std::vector<std::pair<std::string, std::string>>{
             {"maker1", "maker"}, {"maker2", "maker"}, {"checker1", "checker"}, {"admin1", "admin"},
             {"auditor1", "auditor"}, {"compliance1", "compliance"}})
      out << "[[operator]]\nusername = \"" << user << "\"\nrole = \"" << role << "\"\npassword_hash = \"" << hash
          << "\"\n\n";
    out.close();
    Ctl(url, {"seed", "--file", seed});
  }
  Ctl(url, {"ledger", "account", "add", "--id", "CUST-ALICE", "--kind", "customer", "--currency", "EUR", "--name",
            "Alice Example GmbH", "--iban", alice_iban});
  Ctl(url, {"ledger", "account", "add", "--id", "CUST-BOB", "--kind", "customer", "--currency", "EUR", "--name",
            "Bob Example", "--iban", bob_iban});
  Ctl(url, {"ledger", "account", "add", "--id", "NOSTRO-BANKB-EUR", "--kind", "settlement", "--currency", "EUR",
            "--name", "Bank B settlement", "--counterparty", "bank-b", "--overdraft"});
  Ctl(url, {"route", "add", "--bic-prefix", "BANKDE", "--link", "bank-b"});
  TempDir dir;
  const std::string balances = dir.path() + "/opening.csv";
  std::ofstream(balances) << "account_id,amount\nCUST-ALICE,1000000.00\nCUST-BOB,50.00\n";
  Ctl(url, {"ledger", "import", balances});
  if (lists == Lists::kWatchList) ImportWatchList(url);
  gw_ = std::make_unique<Gatewayd>(url, env);
  REQUIRE(gw_->WaitReady());
}

void GatewayFixture::RestartGatewayd() {
  auto env = env_;
  env["PORT"] = std::to_string(gw_->port());
  gw_ = std::make_unique<Gatewayd>(db_.url(), env);
  REQUIRE(gw_->WaitReady());
}

std::string GatewayFixture::Token(const std::string& username) {
  auto it = tokens_.find(username);
  if (it != tokens_.end()) return it->second;
  auto r = Http(gw_->port(), "POST", "/api/v1/auth/login",
                nlohmann::json{{"username", username}, {"password", kPassword}}.dump(),
                {{"Content-Type", "application/json"}});
  INFO(r.body);
  REQUIRE(r.status == 200);
  const std::string token = nlohmann::json::parse(r.body)["token"].get<std::string>();
  tokens_[username] = token;
  return token;
}

HttpResult GatewayFixture::Call(const std::string& method, const std::string& target, const std::string& token,
                                const std::string& body, const std::string& content_type,
                                std::map<std::string, std::string> headers) {
  if (!token.empty()) headers["Authorization"] = "Bearer " + token;
  if (!body.empty()) headers["Content-Type"] = content_type;
  return Http(gw_->port(), method, target, body, headers);
}

nlohmann::json GatewayFixture::PaymentJson(const std::string& e2e, const std::string& amount,
                                           const std::string& debtor_iban) const {
  return {{"end_to_end_id", e2e},
          {"amount", amount},
          {"currency", "EUR"},
          {"debtor", {{"name", "Alice Example GmbH"}, {"account", debtor_iban}, {"agent_bic", "GWAYDEFFXXX"}}},
          {"creditor", {{"name", "Carol Exemple SARL"}, {"account", carol_iban}, {"agent_bic", "BANKDEFF"}}},
          {"remittance_information", "Invoice 2026-114"}};
}

nlohmann::json GatewayFixture::WaitForStatus(const std::string& id, const std::string& status, const std::string& token) {
  nlohmann::json last;
  const bool reached = WaitUntil(
      [&] {
        auto r = Call("GET", "/api/v1/payments/" + id, token);
        if (r.status != 200) return false;
        last = nlohmann::json::parse(r.body);
        return last["status"] == status;
      },
      std::chrono::seconds(20));
  INFO("payment " << id << " is " << last.value("status", "?") << ", expected " << status << ": " << last.dump());
  REQUIRE(reached);
  return last;
}

}  // namespace gw::test
