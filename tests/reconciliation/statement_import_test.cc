// File: tests/reconciliation/statement_import_test.cc
// Statements in: a valid file is stored whole; an invalid one, one for an
// account we do not hold, or one imported before is refused with the file,
// the element and the problem, and leaves nothing behind.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>

#include "tests/reconciliation/recon_test_support.h"

namespace gw::test {
namespace {

namespace rec = gw::reconciliation;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::string kSample = SourcePath("tests/reconciliation/data/camt054-bankb.xml");

TEST_CASE("a camt.054 written from the standard is imported once, with its account, day and references",
          "[reconciliation]") {
  ReconDb d;
  const std::string xml = ReadFile(kSample);
  auto r = d.Import(xml, "camt054-bankb.xml");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  REQUIRE(r->statements.size() == 1);
  CHECK(r->statements[0].link_name == "bank-b");
  CHECK(r->statements[0].settlement_account == "NOSTRO-BANKB-EUR");
  CHECK(r->statements[0].business_date == "2026-01-15");
  CHECK(r->entries == 1);
  CHECK(d.Scalar("SELECT amount_minor || ' ' || credit_debit || ' ' || uetr || ' ' || end_to_end_id || ' ' || "
                 "acct_svcr_ref || ' ' || business_date FROM recon_statement_entries") ==
        "25000 DBIT 6f1c2a7e-93b4-4d0a-8e55-2c7d1b9f0a31 INV-2026-0117 BANKB-20260115-000981 2026-01-15");
  CHECK(d.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'reconciliation.statement_import'") == "1");

  // The same notification again: refused, naming the file and what was there before.
  auto again = d.Import(xml, "camt054-bankb-copy.xml");
  REQUIRE_FALSE(again.ok());
  CHECK(again.status().code() == StatusCode::kAlreadyExists);
  CHECK(again.status().message().find("camt054-bankb-copy.xml") != std::string::npos);
  CHECK(again.status().message().find("NTF-20260115-0001 page 1") != std::string::npos);
  CHECK(again.status().message().find("already imported") != std::string::npos);
  CHECK(d.Scalar("SELECT count(*) FROM recon_statements") == "1");
  CHECK(d.Scalar("SELECT count(*) FROM recon_statement_entries") == "1");
}

TEST_CASE("a statement that is not valid camt is refused naming the file, the element and the problem",
          "[reconciliation]") {
  ReconDb d;
  const std::string xml = ReadFile(kSample);
  struct Case {
    std::string what, xml, expect;
  };
  std::vector<Case> cases = {
      {"amount not a decimal", std::regex_replace(xml, std::regex("<Amt Ccy=\"EUR\">250.00</Amt>\n        <CdtDbtInd>"),
                                                  "<Amt Ccy=\"EUR\">25O.00</Amt>\n        <CdtDbtInd>"),
       "Ntry[1]/Amt"},
      {"missing status", std::regex_replace(xml, std::regex("<Sts><Cd>BOOK</Cd></Sts>"), ""), "Ntry[1]"},
      {"bad credit/debit code", std::regex_replace(xml, std::regex("<CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>"),
                                                   "<CdtDbtInd>DEBIT</CdtDbtInd>\n        <Sts>"),
       "CdtDbtInd"},
      {"another message", std::regex_replace(xml, std::regex("camt.054.001.08"), "pacs.008.001.08"),
       "not a camt.053.001.08 or camt.054.001.08 Document"},
      {"not XML", "this is not a statement", "line 1"},
      {"a DOCTYPE", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]>" + xml.substr(xml.find("<Document")),
       "DOCTYPE"},
      {"three decimals in EUR", std::regex_replace(xml, std::regex("<Amt Ccy=\"EUR\">250.00</Amt>\n        <CdtDbtInd>"),
                                                   "<Amt Ccy=\"EUR\">250.001</Amt>\n        <CdtDbtInd>"),
       "more decimals than EUR allows"},
  };
  for (const auto& c : cases) {
    SECTION(c.what) {
      auto r = d.Import(c.xml, "bad-" + std::to_string(&c - &cases[0]) + ".xml");
      REQUIRE_FALSE(r.ok());
      INFO(r.status().message());
      CHECK(r.status().code() == StatusCode::kInvalidArgument);
      CHECK(r.status().message().rfind("bad-", 0) == 0);  // names the file first
      CHECK(r.status().message().find(c.expect) != std::string::npos);
      CHECK(d.Scalar("SELECT count(*) FROM recon_statements") == "0");
      CHECK(d.Scalar("SELECT count(*) FROM recon_statement_entries") == "0");
    }
  }
}

TEST_CASE("a statement for an account we do not hold is refused and nothing of its file is imported",
          "[reconciliation]") {
  ReconDb d;
  // Page 1 is ours; page 2 names an account we do not hold: the whole file is refused.
  std::string page1 = rec::WriteCamt053(Header053("S-1", 1, false, 0, -100), {Line("", 100, "E2E-A")});
  auto h2 = Header053("S-1", 2, true, -100, -300);
  h2.account_id = "DE02120300000000202051";
  std::string page2 = rec::WriteCamt053(h2, {Line("", 200, "E2E-B")});
  // One document with two statements.
  const std::string second = page2.substr(page2.find("<Stmt>"), page2.find("</Stmt>") + 7 - page2.find("<Stmt>"));
  const std::string both = page1.insert(page1.find("</BkToCstmrStmt>"), second);
  auto r = d.Import(both, "two-accounts.xml");
  REQUIRE_FALSE(r.ok());
  INFO(r.status().message());
  CHECK(r.status().message().find("two-accounts.xml") != std::string::npos);
  CHECK(r.status().message().find("Stmt[2]") != std::string::npos);
  CHECK(r.status().message().find("DE02120300000000202051 is not one of our settlement accounts") != std::string::npos);
  CHECK(d.Scalar("SELECT count(*) FROM recon_statements") == "0");
  CHECK(d.Scalar("SELECT count(*) FROM recon_statement_entries") == "0");
  CHECK(d.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'reconciliation.statement_import'") == "0");

  // The currency of the account must be ours too.
  auto h = Header053("S-2", 0, true, 0, 0);
  h.currency = "USD";
  auto wrong_ccy = d.Import(rec::WriteCamt053(h, {}), "usd.xml");
  REQUIRE_FALSE(wrong_ccy.ok());
  CHECK(wrong_ccy.status().message().find("held in EUR") != std::string::npos);
}

TEST_CASE("a large paged camt.053 streams in batches and counts its pages", "[reconciliation]") {
  ReconDb d;
  std::vector<rec::StatementLine> lines;
  for (int i = 0; i < 12000; ++i) lines.push_back(Line("", 100 + i, "E2E-" + std::to_string(i)));
  auto r = d.Import(rec::WriteCamt053(Header053("BIG-1", 1, true, 0, 0), lines), "big.xml");
  INFO(r.status().ToString());
  REQUIRE(r.ok());
  CHECK(r->entries == 12000);
  CHECK(d.Scalar("SELECT count(*) || ' ' || min(seq) || ' ' || max(seq) FROM recon_statement_entries") == "12000 1 12000");
  CHECK(d.Scalar("SELECT entry_count FROM recon_statements") == "12000");
}

}  // namespace
}  // namespace gw::test
