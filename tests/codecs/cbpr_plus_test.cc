// File: tests/codecs/cbpr_plus_test.cc
//
// Messages as CBPR+ sends them (AppHdr in an Envelope, a UTC offset on every
// date-time, fractional seconds) decode without issues against the ISO schemas and
// pass the CBPR+ usage guideline; the guideline refuses what CBPR+ forbids and ISO
// allows. Also: nothing of a structured tax remittance is lost on the way through
// the model and the JSON form.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "codec_test_support.h"
#include "codecs/iso20022/guidelines/usage_guideline.h"

namespace gw::codecs {
namespace {

using testing::Describe;
using testing::HasIssue;
using testing::ReadData;
using testing::Replace;
using testing::Schemas;

constexpr const char* kMessages[] = {
    "pacs.008.001.08", "pacs.008.001.10", "pacs.002.001.10", "pacs.004.001.09",
    "pacs.009.001.08", "camt.053.001.08", "camt.054.001.08", "camt.056.001.08",
    "camt.029.001.09", "pain.001.001.09",
};

Issues GuidelineIssues(const Message& m) {
  Issues issues;
  CheckUsageGuideline(m, *FindUsageGuideline("cbpr+"), issues);
  return issues;
}

TEST_CASE("CBPR+ messages with UTC offsets decode without issues and pass the CBPR+ guideline",
          "[codecs][cbpr]") {
  REQUIRE(FindUsageGuideline("CBPR+") != nullptr);
  for (const char* id : kMessages) {
    INFO(id);
    const std::string xml = ReadData(std::string("cbpr/") + id + ".xml");
    DecodeResult r = Decode(xml, *Schemas());
    CHECK(Describe(r.issues) == "");
    REQUIRE(r.message.has_value());
    CHECK(r.message->msg_def_id == id);
    REQUIRE(r.message->app_hdr.has_value());
    CHECK(r.message->app_hdr->cre_dt.find('Z') == std::string::npos);
    CHECK(Describe(GuidelineIssues(*r.message)) == "");
    // Written back, the offsets are kept and the result is valid again.
    std::string out = Encode(*r.message);
    CHECK(out.find(r.message->app_hdr->cre_dt) != std::string::npos);
    CHECK(Decode(out, *Schemas()).ok());
  }
}

TEST_CASE("The ISO schemas accept AppHdr CreDt with an offset, in UTC or without a zone", "[codecs][cbpr]") {
  const std::string xml = ReadData("cbpr/pacs.008.001.08.xml");
  for (const char* cre_dt : {"2022-10-20T09:25:00+01:00", "2022-10-20T09:25:00.960+05:00",
                             "2022-10-20T09:25:00Z", "2022-10-20T09:25:00", "2022-10-20T09:25:00-03:30"}) {
    INFO(cre_dt);
    std::string doc = Replace(xml, "<CreDt>2024-05-02T09:14:27+05:00</CreDt>",
                              std::string("<CreDt>") + cre_dt + "</CreDt>");
    doc = Replace(doc, "<CreDtTm>2024-05-02T11:14:27.960-04:00</CreDtTm>",
                  std::string("<CreDtTm>") + cre_dt + "</CreDtTm>");
    DecodeResult r = Decode(doc, *Schemas());
    CHECK(Describe(r.issues) == "");
  }
}

TEST_CASE("The CBPR+ guideline refuses date-times without an offset, several transactions and a missing UETR",
          "[codecs][cbpr]") {
  const std::string xml = ReadData("cbpr/pacs.008.001.08.xml");
  std::string doc = Replace(xml, "<CreDt>2024-05-02T09:14:27+05:00</CreDt>", "<CreDt>2024-05-02T09:14:27Z</CreDt>");
  doc = Replace(doc, "<UETR>3f1c9e62-8a4b-4d2e-9c71-5b0e2a6d4f18</UETR>", "");
  doc = Replace(doc, "<BizSvc>swift.cbprplus.02</BizSvc>", "<BizSvc>target2.rtgs</BizSvc>");
  DecodeResult r = Decode(doc, *Schemas());
  REQUIRE(r.ok());  // all of this is valid ISO 20022
  Issues issues = GuidelineIssues(*r.message);
  CHECK(HasIssue(issues, "CBPR-002", "/AppHdr/CreDt"));
  CHECK(HasIssue(issues, "CBPR-003", "/AppHdr/BizSvc"));
  CHECK(HasIssue(issues, "CBPR-006", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/PmtId/UETR"));

  Message two = *r.message;
  std::get<Pacs008>(two.document).grp_hdr.nb_of_txs = "2";
  CHECK(HasIssue(GuidelineIssues(two), "CBPR-005", "/Document/FIToFICstmrCdtTrf/GrpHdr/NbOfTxs"));

  Message bare = *r.message;
  bare.app_hdr.reset();
  CHECK(HasIssue(GuidelineIssues(bare), "CBPR-001"));

  std::string cyrillic = Replace(xml, "<Nm>Acme Maschinenbau GmbH</Nm>", "<Nm>Акме ГмбХ</Nm>");
  DecodeResult c = Decode(cyrillic, *Schemas());
  REQUIRE(c.ok());
  CHECK(HasIssue(GuidelineIssues(*c.message), "CBPR-007", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/Dbtr/Nm"));
}

TEST_CASE("Structured tax remittance survives decode, encode, show and write", "[codecs][cbpr]") {
  const std::string xml = ReadData("cbpr/pacs.008.001.08.xml");
  DecodeResult r = Decode(xml, *Schemas());
  REQUIRE(r.ok());
  nlohmann::json j = ToJson(*r.message);
  const auto& strd = j["Document"]["FIToFICstmrCdtTrf"]["CdtTrfTxInf"][0]["RmtInf"]["Strd"][0];
  REQUIRE(strd.contains("TaxRmt"));
  CHECK(strd["TaxRmt"]["Cdtr"]["TaxId"] == "GB123456789");
  CHECK(strd["TaxRmt"]["Rcrd"][0]["Tp"] == "VATS");
  CHECK(strd["TaxRmt"]["TtlTaxAmt"]["Ccy"] == "EUR");
  auto back = FromJson(nlohmann::json::parse(j.dump()));
  REQUIRE(back.ok());
  CHECK(*back == *r.message);
  const std::string written = Encode(*back);
  for (const char* piece : {"<TaxId>GB123456789</TaxId>", "<Tp>VATS</Tp>", "<Titl>Finance Director</Titl>",
                            "<TtlTaxAmt Ccy=\"EUR\">2913.99</TtlTaxAmt>", "<Tp>QTR1</Tp>"}) {
    CHECK(written.find(piece) != std::string::npos);
  }
  CHECK(written.find("</TaxRmt><AddtlRmtInf>") != std::string::npos);
  CHECK(Decode(written, *Schemas()).ok());
}

}  // namespace
}  // namespace gw::codecs
