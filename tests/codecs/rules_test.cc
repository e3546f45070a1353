// File: tests/codecs/rules_test.cc
#include <catch2/catch.hpp>

#include "codecs/currency.h"
#include "codecs/decimal.h"
#include "codecs/iso20022/ext_rules.h"
#include "codecs/rules.h"

namespace gw::codecs {
namespace {

TEST_CASE("Decimal parses and writes amounts exactly, keeping the written scale", "[codecs]") {
  auto d = Decimal::Parse("18250.70");
  REQUIRE(d.has_value());
  CHECK(d->mantissa() == 1825070);
  CHECK(d->scale() == 2);
  CHECK(d->ToString() == "18250.70");
  CHECK(Decimal::Parse("-0.05")->ToString() == "-0.05");
  CHECK(Decimal::Parse("7")->ToString() == "7");
  CHECK(Decimal::Parse(".5")->ToString() == "0.5");
  CHECK(Decimal::Parse("1.5")->NumericallyEquals(*Decimal::Parse("1.50")));
  CHECK_FALSE(Decimal::Parse("1.5") == Decimal::Parse("1.50"));
}

TEST_CASE("Decimal refuses malformed numbers and values beyond int64", "[codecs]") {
  for (const char* bad : {"", "-", ".", "1.2.3", "1e5", " 1", "12a", "99999999999999999999"}) {
    INFO(bad);
    CHECK_FALSE(Decimal::Parse(bad).has_value());
  }
}

TEST_CASE("Decimal converts to minor units only when no precision is lost", "[codecs]") {
  CHECK(Decimal::Parse("10.5")->ToMinorUnits(2) == 1050);
  CHECK(Decimal::Parse("10.500")->ToMinorUnits(2) == 1050);
  CHECK(Decimal::Parse("1000")->ToMinorUnits(0) == 1000);
  CHECK_FALSE(Decimal::Parse("10.505")->ToMinorUnits(2).has_value());
  CHECK(Decimal::Parse("10.505")->SignificantFractionDigits() == 3);
  CHECK(Decimal::Parse("10.500")->SignificantFractionDigits() == 1);
  CHECK(Decimal::Add(*Decimal::Parse("0.1"), *Decimal::Parse("0.25"))->ToString() == "0.35");
}

TEST_CASE("Currency table gives ISO 4217 minor units and refuses unknown codes", "[codecs]") {
  CHECK(CurrencyMinorUnits("EUR") == 2);
  CHECK(CurrencyMinorUnits("JPY") == 0);
  CHECK(CurrencyMinorUnits("BHD") == 3);
  CHECK(CurrencyMinorUnits("CLF") == 4);
  CHECK_FALSE(CurrencyMinorUnits("XXX").has_value());
  CHECK_FALSE(CurrencyMinorUnits("DEM").has_value());  // withdrawn
  CHECK_FALSE(CurrencyMinorUnits("eur").has_value());
}

TEST_CASE("CheckBic accepts 8 and 11 character BICs and names what is wrong otherwise", "[codecs]") {
  CHECK_FALSE(CheckBic("NORDDEFF"));
  CHECK_FALSE(CheckBic("NORDDEFFXXX"));
  auto short_bic = CheckBic("NORDDEF");
  REQUIRE(short_bic);
  CHECK(short_bic->rule_id == "BIC-001");
  CHECK(short_bic->reason_code == "RC01");
  CHECK(CheckBic("NORD1EFFXXX")->rule_id == "BIC-001");  // digit in the country code
  CHECK(CheckBic("NORDZZFFXXX")->rule_id == "BIC-002");  // no such country
  CHECK(CheckBic("norddeffxxx")->rule_id == "BIC-001");
}

TEST_CASE("CheckIban verifies shape, per-country length and mod-97 check digits", "[codecs]") {
  CHECK_FALSE(CheckIban("DE44500105175407324931"));
  CHECK_FALSE(CheckIban("GB90MIDL40051522334455"));
  CHECK_FALSE(CheckIban("FR7630006000011234567890189"));
  CHECK(CheckIban("DE44 5001 0517 5407 3249 31")->rule_id == "IBAN-001");
  CHECK(CheckIban("DE4450010517540732493")->rule_id == "IBAN-002");    // 21 chars, DE has 22
  CHECK(CheckIban("US12345678901234")->rule_id == "IBAN-002");         // no IBAN country
  auto bad_digits = CheckIban("DE45500105175407324931");
  REQUIRE(bad_digits);
  CHECK(bad_digits->rule_id == "IBAN-003");
  CHECK(bad_digits->reason_code == "AC01");
}

TEST_CASE("CheckLei verifies ISO 17442 check digits", "[codecs]") {
  CHECK_FALSE(CheckLei("96330012ABCDEFGH7730"));
  CHECK_FALSE(CheckLei("2138004ZQXKWLMN5RT68"));
  CHECK(CheckLei("96330012ABCDEFGH7731")->rule_id == "LEI-001");
  CHECK(CheckLei("96330012ABCDEFGH77")->rule_id == "LEI-001");
}

TEST_CASE("CheckAmount refuses zero, negative, unknown currency and excess decimals", "[codecs]") {
  CHECK_FALSE(CheckAmount(*Decimal::Parse("10.50"), "EUR"));
  CHECK_FALSE(CheckAmount(*Decimal::Parse("10.500"), "EUR"));  // trailing zeros are fine
  CHECK(CheckAmount(*Decimal::Parse("0"), "EUR")->reason_code == "AM01");
  CHECK(CheckAmount(*Decimal::Parse("-1"), "EUR")->reason_code == "AM12");
  CHECK(CheckAmount(*Decimal::Parse("10"), "ABC")->rule_id == "CUR-001");
  CHECK(CheckAmount(*Decimal::Parse("10"), "ABC")->reason_code == "AM03");
  auto yen = CheckAmount(*Decimal::Parse("100.5"), "JPY");
  REQUIRE(yen);
  CHECK(yen->rule_id == "CUR-002");
  CHECK(yen->message.find("JPY has 0") != std::string::npos);
}

TEST_CASE("CheckUuidV4 accepts only lower-case version 4 UUIDs", "[codecs]") {
  CHECK_FALSE(CheckUuidV4("3f1c9e62-8a4b-4d2e-9c71-5b0e2a6d4f18"));
  CHECK(CheckUuidV4("3F1C9E62-8A4B-4D2E-9C71-5B0E2A6D4F18"));     // upper case
  CHECK(CheckUuidV4("3f1c9e62-8a4b-1d2e-9c71-5b0e2a6d4f18"));     // version 1
  CHECK(CheckUuidV4("3f1c9e62-8a4b-4d2e-7c71-5b0e2a6d4f18"));     // wrong variant
  CHECK(CheckUuidV4("3f1c9e628a4b4d2e9c715b0e2a6d4f18"));
}

TEST_CASE("CheckIsoDate and CheckIsoDateTime accept only real calendar dates", "[codecs]") {
  CHECK_FALSE(CheckIsoDate("2024-02-29"));
  CHECK(CheckIsoDate("2023-02-29")->rule_id == "DT-001");
  CHECK(CheckIsoDate("2024-04-31")->reason_code == "DT01");
  CHECK(CheckIsoDate("2024-13-01"));
  CHECK(CheckIsoDate("24-01-01"));
  CHECK_FALSE(CheckIsoDate("2024-05-02Z"));
  CHECK_FALSE(CheckIsoDateTime("2024-05-02T09:14:27Z"));
  CHECK_FALSE(CheckIsoDateTime("2024-05-02T09:14:27.123+02:00"));
  CHECK_FALSE(CheckIsoDateTime("2024-05-02T09:14:27"));
  CHECK(CheckIsoDateTime("2024-05-02T25:00:00Z")->rule_id == "DT-002");
  CHECK(CheckIsoDateTime("2024-05-02 09:14:27Z"));
  CHECK(CheckIsoDateTime("2024-05-02T09:14:27+15:00"));
}

TEST_CASE("CheckCode knows the ISO code sets used by payments", "[codecs]") {
  CHECK_FALSE(CheckCode("SHAR", kChargeBearerCodes));
  CHECK(CheckCode("OUR", kChargeBearerCodes)->rule_id == "CODE-001");
  CHECK_FALSE(CheckCode("CLRG", kSettlementMethodCodes));
  CHECK_FALSE(CheckCode("ACSP", kTransactionStatusCodes));
  CHECK_FALSE(CheckCode("RJCT", kGroupStatusCodes));
  for (const char* code : {"AC01", "AC04", "AM04", "AM05", "FF01", "RC01", "DT01", "AM03"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kStatusReasonCodes));
  }
  CHECK(CheckCode("ZZ99", kStatusReasonCodes));
}

// Codes of the ISO 20022 external code sets that the tables lacked before they were
// completed from the published release; each must now be accepted, and made-up or
// misplaced codes must still be refused.
TEST_CASE("CheckCode accepts the whole ExternalStatusReason1Code set", "[codecs]") {
  for (const char* code : {"AB12", "AB26", "AG12", "AG13", "AMSE", "BDAY", "CHQC", "DC02",
                           "DS0A", "DS0K", "DS28", "FF12", "FF13", "FRAD", "NOAS", "RC13",
                           "RR10", "SL18", "TK01", "TKXP", "UCRD"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kStatusReasonCodes));
  }
  for (const char* code : {"AB14", "DS0I", "XX01", "ac01", "AC1", "AC011", ""}) {
    INFO(code);
    auto v = CheckCode(code, kStatusReasonCodes);
    REQUIRE(v);
    CHECK(v->rule_id == "CODE-001");
  }
}

TEST_CASE("CheckCode accepts the whole external status code sets of pacs.002", "[codecs]") {
  for (const char* code : {"ACFW", "RCVC", "RVCM", "RVMC", "RVNA", "RVNC", "RVNM"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kTransactionStatusCodes));
  }
  for (const char* code : {"RCVC", "RVCM", "RVNC"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kGroupStatusCodes));
  }
  CHECK(CheckCode("RVMC", kGroupStatusCodes));  // transaction level only
  CHECK(CheckCode("ACPT", kTransactionStatusCodes));
}

TEST_CASE("CheckCode accepts the whole return, cancellation and resolution code sets",
          "[codecs]") {
  for (const char* code : {"AC02", "AC17", "AGNT", "BE08", "DC04", "DT04", "DUPL", "FF03",
                           "FF07", "G004", "MD05", "RC03", "RC04", "RC11"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kReturnReasonCodes));
  }
  CHECK(CheckCode("AM99", kReturnReasonCodes));
  CHECK(CheckCode("DS0A", kReturnReasonCodes));  // a status reason, not a return reason

  for (const char* code : {"AC02", "BE16", "BIAS", "DRTP", "DT01", "ECAG", "ENUE", "FRNA",
                           "INCR", "MD06", "NARR", "NFNA", "PAID", "PPRC", "SVNR", "UAPA",
                           "WNTB"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kCancellationReasonCodes));
  }
  CHECK(CheckCode("AC01", kCancellationReasonCodes));

  for (const char* code : {"AACR", "ACLR", "ADAC", "AEXR", "IDMN", "NARR", "RR04", "WSEQ"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kCancellationRejectionCodes));
  }
  CHECK(CheckCode("UM01", kCancellationRejectionCodes));

  for (const char* code : {"BIAS", "CHRG", "CVAA", "FTNA", "MWFW", "NINF", "PDNG", "UWFW"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kInvestigationConfirmationCodes));
  }
  CHECK(CheckCode("ACCR", kInvestigationConfirmationCodes));

  for (const char* code : {"UM01", "UM14", "UM28"}) {
    INFO(code);
    CHECK_FALSE(CheckCode(code, kModificationRejectionCodes));
  }
  for (const char* code : {"UM00", "UM29", "AGNT", "LEGL"}) {
    INFO(code);
    CHECK(CheckCode(code, kModificationRejectionCodes));
  }
}

TEST_CASE("Issue renders path, position, rule, reason and value on one line", "[codecs]") {
  Issues issues;
  Report(issues, "/Document/X/IBAN", "DE00", CheckIban("DE00"));
  REQUIRE(issues.size() == 1);
  issues[0].line = 12;
  issues[0].column = 7;
  CHECK(issues[0].ToString().rfind("/Document/X/IBAN (12:7): [IBAN-001/AC01] IBAN 'DE00'", 0) == 0);
}

}  // namespace
}  // namespace gw::codecs
