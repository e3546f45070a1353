// File: tests/codecs/encode_test.cc
// Writing, round trips, JSON and the builders.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "codec_test_support.h"
#include "codecs/iso20022/builders.h"

namespace gw::codecs {
namespace {

using testing::Describe;
using testing::HasIssue;
using testing::ReadData;
using testing::Schemas;

const char* const kMessages[] = {"pacs008_cbpr_envelope.xml", "pacs008_bare_prefixed_crlf.xml",
                                 "pacs008_v10_proxy.xml", "pacs002_nack_envelope.xml",
                                 "pacs002_group_ack.xml"};

CreditTransfer SamplePayment() {
  CreditTransfer p;
  p.routing.from_bic = "NORDDEFFXXX";
  p.routing.to_bic = "THAMGB2LXXX";
  p.routing.msg_id = "NDF-20240502-000200";
  p.routing.creation_time = "2024-05-02T10:00:00Z";
  p.routing.business_service = "swift.cbprplus.02";
  p.settlement_date = "2024-05-02";
  p.end_to_end_id = "INV-2024-0500";
  p.uetr = "6a1e3c5b-2d4f-4a8b-9c0d-1e2f3a4b5c6d";
  p.amount = Amount{Decimal(120000, 2), "EUR"};
  p.debtor_name = "Acme Maschinenbau GmbH";
  p.debtor_iban = "DE44500105175407324931";
  p.debtor_agent_bic = "NORDDEFFXXX";
  p.creditor_agent_bic = "THAMGB2LXXX";
  p.creditor_name = "Thames Precision Components Ltd";
  p.creditor_iban = "GB90MIDL40051522334455";
  p.remittance_info = {"Invoice 2024-0500 <urgent> & final"};
  return p;
}

TEST_CASE("Round trip: decode, encode, decode gives the same model for every sample", "[codecs]") {
  for (const char* name : kMessages) {
    INFO(name);
    auto first = Decode(ReadData(name), *Schemas());
    INFO(Describe(first.issues));
    REQUIRE(first.ok());
    std::string xml = Encode(*first.message);
    auto second = Decode(xml, *Schemas());
    INFO(xml);
    INFO(Describe(second.issues));
    REQUIRE(second.ok());
    CHECK(*second.message == *first.message);
  }
}

TEST_CASE("Encode wraps AppHdr and Document in the documented Envelope", "[codecs]") {
  auto r = Decode(ReadData("pacs008_cbpr_envelope.xml"), *Schemas());
  REQUIRE(r.ok());
  std::string xml = Encode(*r.message);
  CHECK(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Envelope xmlns=\"urn:swift:xsd:envelope\"><AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\">", 0) == 0);
  CHECK(xml.find("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">") != std::string::npos);
  r.message->app_hdr.reset();
  std::string bare = Encode(*r.message, {.xml_declaration = false});
  CHECK(bare.rfind("<Document xmlns=", 0) == 0);
}

TEST_CASE("Encode escapes markup characters in text and keeps amounts exact", "[codecs]") {
  Message m = BuildPacs008(SamplePayment());
  std::string xml = Encode(m);
  CHECK(xml.find("Invoice 2024-0500 &lt;urgent&gt; &amp; final") != std::string::npos);
  CHECK(xml.find("<IntrBkSttlmAmt Ccy=\"EUR\">1200.00</IntrBkSttlmAmt>") != std::string::npos);
}

TEST_CASE("BuildPacs008 produces a schema-valid, rule-valid pacs.008 with AppHdr", "[codecs]") {
  Message m = BuildPacs008(SamplePayment());
  CHECK(Validate(m).empty());
  auto r = Decode(Encode(m), *Schemas());
  INFO(Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(*r.message == m);
  CHECK(r.message->app_hdr->msg_def_idr == "pacs.008.001.08");
}

TEST_CASE("BuildPacs008 can target pacs.008.001.10", "[codecs]") {
  CreditTransfer p = SamplePayment();
  p.msg_def_id = "pacs.008.001.10";
  Message m = BuildPacs008(p);
  auto r = Decode(Encode(m), *Schemas());
  INFO(Describe(r.issues));
  REQUIRE(r.ok());
  CHECK(r.message->msg_def_id == "pacs.008.001.10");
}

TEST_CASE("Validate of a built payment names a wrong IBAN and a JPY amount with decimals", "[codecs]") {
  CreditTransfer p = SamplePayment();
  p.creditor_iban = "GB91MIDL40051522334455";
  p.amount = Amount{Decimal(1005, 1), "JPY"};
  Issues issues = Validate(BuildPacs008(p));
  CHECK(HasIssue(issues, "IBAN-003", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/CdtrAcct/Id/IBAN"));
  CHECK(HasIssue(issues, "CUR-002", "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/IntrBkSttlmAmt"));
  CHECK(HasIssue(issues, "CUR-002", "/Document/FIToFICstmrCdtTrf/GrpHdr/TtlIntrBkSttlmAmt"));
  for (const auto& i : issues) CHECK(i.line == 0);
}

TEST_CASE("BuildAnswerTo acknowledges a valid pacs.008 and rejects an invalid one with its reason", "[codecs]") {
  auto decoded = Decode(ReadData("pacs008_cbpr_envelope.xml"), *Schemas());
  REQUIRE(decoded.ok());
  Routing me{"THAMGB2LXXX", "NORDDEFFXXX", "THM-ACK-1", "2024-05-02T09:30:00Z", std::nullopt, true};

  Message ack = BuildAnswerTo(*decoded.message, {}, "ACSP", me);
  auto ack_back = Decode(Encode(ack), *Schemas());
  INFO(Describe(ack_back.issues));
  REQUIRE(ack_back.ok());
  const auto& a = std::get<Pacs002>(ack_back.message->document);
  CHECK(a.orgnl_grp_inf_and_sts.at(0).grp_sts == "ACSP");
  CHECK(a.orgnl_grp_inf_and_sts.at(0).orgnl_msg_id == "NDF-20240502-000184");
  CHECK(a.tx_inf_and_sts.at(0).orgnl_end_to_end_id == "INV-2024-0417-ACME");
  CHECK(a.tx_inf_and_sts.at(0).orgnl_uetr == "3f1c9e62-8a4b-4d2e-9c71-5b0e2a6d4f18");

  std::string bad_xml = testing::Replace(ReadData("pacs008_cbpr_envelope.xml"), "GB90MIDL40051522334455", "GB91MIDL40051522334455");
  auto bad = Decode(bad_xml, *Schemas());
  REQUIRE_FALSE(bad.ok());
  Message nack = BuildAnswerTo(*bad.message, bad.issues, "ACSP", me);
  auto nack_back = Decode(Encode(nack), *Schemas());
  INFO(Describe(nack_back.issues));
  REQUIRE(nack_back.ok());
  const auto& n = std::get<Pacs002>(nack_back.message->document);
  CHECK(n.tx_inf_and_sts.at(0).tx_sts == "RJCT");
  CHECK(n.tx_inf_and_sts.at(0).sts_rsn_inf.at(0).rsn->cd == "AC01");
  CHECK(n.orgnl_grp_inf_and_sts.at(0).sts_rsn_inf.at(0).addtl_inf.at(0).find("IBAN-003") != std::string::npos);
}

TEST_CASE("JSON: ToJson then FromJson gives the same message for every sample, and writes valid XML", "[codecs]") {
  for (const char* name : kMessages) {
    INFO(name);
    auto r = Decode(ReadData(name), *Schemas());
    REQUIRE(r.ok());
    nlohmann::json j = ToJson(*r.message);
    auto back = FromJson(nlohmann::json::parse(j.dump()));
    INFO(back.status().ToString());
    REQUIRE(back.ok());
    CHECK(*back == *r.message);
    // show -> write: the XML written from the JSON passes the schema and the rules.
    auto written = Decode(Encode(*back), *Schemas());
    CHECK(written.ok());
  }
}

TEST_CASE("JSON keeps amounts as exact strings with their currency", "[codecs]") {
  auto r = Decode(ReadData("pacs008_cbpr_envelope.xml"), *Schemas());
  REQUIRE(r.ok());
  nlohmann::json j = ToJson(*r.message);
  CHECK(j["MsgDefIdr"] == "pacs.008.001.08");
  auto amt = j["Document"]["FIToFICstmrCdtTrf"]["CdtTrfTxInf"][0]["IntrBkSttlmAmt"];
  CHECK(amt["Ccy"] == "EUR");
  CHECK(amt["Value"] == "18250.75");
  CHECK(j["AppHdr"]["BizMsgIdr"] == "NDF-20240502-000184");
}

TEST_CASE("FromJson refuses unknown members, wrong types and unknown messages, naming the path", "[codecs]") {
  auto r = Decode(ReadData("pacs008_cbpr_envelope.xml"), *Schemas());
  REQUIRE(r.ok());
  nlohmann::json j = ToJson(*r.message);

  nlohmann::json typo = j;
  typo["Document"]["FIToFICstmrCdtTrf"]["GrpHdr"]["MsgIdd"] = "x";
  auto a = FromJson(typo);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().message().find("/Document/FIToFICstmrCdtTrf/GrpHdr") != std::string::npos);
  CHECK(a.status().message().find("MsgIdd") != std::string::npos);

  nlohmann::json float_amount = j;
  float_amount["Document"]["FIToFICstmrCdtTrf"]["CdtTrfTxInf"][0]["IntrBkSttlmAmt"]["Value"] = 18250.75;
  auto b = FromJson(float_amount);
  REQUIRE_FALSE(b.ok());
  CHECK(b.status().message().find("/CdtTrfTxInf/0/IntrBkSttlmAmt/Value") != std::string::npos);

  nlohmann::json unknown = j;
  unknown["MsgDefIdr"] = "pacs.999.001.01";
  auto c = FromJson(unknown);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().find("pacs.999.001.01") != std::string::npos);

  nlohmann::json missing = j;
  missing["Document"]["FIToFICstmrCdtTrf"]["GrpHdr"].erase("MsgId");
  CHECK_FALSE(FromJson(missing).ok());
}

}  // namespace
}  // namespace gw::codecs
