// Tests that the project's XSDs accept and reject what the ISO 20022 schemas of the same
// message versions accept and reject: optional elements that the model does not carry
// (tax, garnishment, mandate and remittance details) validate and are skipped by the
// decoder, while wrong order, too many occurrences, bad codes and elements that the
// version does not define are refused (see codecs/README.md, "Schemas").
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "codecs/iso20022/codec.h"
#include "tests/codecs/ext_messages_test_support.h"

namespace gw::codecs {
namespace {

using ext_testing::Describe;
using ext_testing::ExpectSchemaViolation;
using ext_testing::Replace;
using ext_testing::Sample;
using ext_testing::Schemas;

std::string Parity(std::string_view file) { return Sample("parity", file); }

// tests/codecs/data/<file>.
std::string testing_data(std::string_view file) {
  std::ifstream in(std::string(GW_SOURCE_DIR) + "/tests/codecs/data/" + std::string(file),
                   std::ios::binary);
  if (!in) FAIL("cannot read " << file);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr std::string_view kV08 = "pacs.008.001.08_tax_garnishment.xml";
constexpr std::string_view kV10 = "pacs.008.001.10_tax_mandate.xml";
constexpr std::string_view kP002 = "pacs.002.001.10_orgnl_tx_ref.xml";

DecodeResult DecodeOk(const std::string& xml) {
  DecodeResult r = Decode(xml, Schemas());
  INFO(Describe(r.issues));
  REQUIRE(r.ok());
  return r;
}

// ---------------------------------------------------------------- pacs.008.001.08

TEST_CASE("pacs.008.001.08 accepts Tax, TaxRmt, GrnshmtRmt and detailed remittance amounts",
          "[codecs][parity]") {
  DecodeResult r = DecodeOk(Parity(kV08));
  const auto& tx = std::get<Pacs008>(r.message->document).cdt_trf_tx_inf.at(0);
  // The elements around the skipped ones are still read.
  CHECK(tx.purp->cd == "GDDS");
  REQUIRE(tx.rmt_inf.has_value());
  const auto& strd = tx.rmt_inf->strd.at(0);
  CHECK(strd.rfrd_doc_inf.at(0).nb == "2024-0417");
  CHECK(strd.rfrd_doc_amt->due_pybl_amt == Amount{Decimal(1825075, 2), "EUR"});
  CHECK(strd.rfrd_doc_amt->rmtd_amt == Amount{Decimal(1825075, 2), "EUR"});
  CHECK(strd.cdtr_ref_inf->ref == "RF18539007547034");
  REQUIRE(strd.addtl_rmt_inf.size() == 1);
  CHECK(strd.addtl_rmt_inf[0] == "Second instalment of three");
}

TEST_CASE("pacs.008.001.08 refuses Tax placed after the remittance information",
          "[codecs][parity]") {
  std::string xml = Parity(kV08);
  size_t tax_begin = xml.find("        <Tax>");
  size_t tax_end = xml.find("</Tax>\n") + std::string("</Tax>\n").size();
  std::string tax = xml.substr(tax_begin, tax_end - tax_begin);
  xml.erase(tax_begin, tax_end - tax_begin);
  xml = Replace(xml, "      </CdtTrfTxInf>", tax + "      </CdtTrfTxInf>");
  ExpectSchemaViolation(xml, "CdtTrfTxInf[1]");
}

TEST_CASE("pacs.008.001.08 refuses a second Tax in one transaction", "[codecs][parity]") {
  std::string xml = Parity(kV08);
  xml = Replace(xml, "        <Tax>\n", "        <Tax>\n          <RefNb>A</RefNb>\n        </Tax>\n        <Tax>\n");
  ExpectSchemaViolation(xml, "CdtTrfTxInf[1]");
}

TEST_CASE("pacs.008.001.08 refuses a tax period code that is not a TaxRecordPeriod1Code",
          "[codecs][parity]") {
  ExpectSchemaViolation(Replace(Parity(kV08), "<Tp>QTR2</Tp>", "<Tp>QTR5</Tp>"), "/Tax/Rcrd");
}

TEST_CASE("pacs.008.001.08 refuses GrnshmtRmt before TaxRmt", "[codecs][parity]") {
  std::string xml = Parity(kV08);
  size_t g_begin = xml.find("            <GrnshmtRmt>");
  size_t g_end = xml.find("</GrnshmtRmt>\n") + std::string("</GrnshmtRmt>\n").size();
  std::string g = xml.substr(g_begin, g_end - g_begin);
  xml.erase(g_begin, g_end - g_begin);
  xml = Replace(xml, "            <TaxRmt>", g + "            <TaxRmt>");
  ExpectSchemaViolation(xml, "/RmtInf/Strd");
}

TEST_CASE("pacs.008.001.08 refuses a document line without an identification",
          "[codecs][parity]") {
  ExpectSchemaViolation(Replace(Parity(kV08), "<Id>\n                  <Nb>1</Nb>\n                </Id>\n", ""),
                        "/LineDtls");
}

// ---------------------------------------------------------------- pacs.008.001.10

TEST_CASE("pacs.008.001.10 accepts MndtRltdInf, Tax (TaxInformation10) and TaxRmt (TaxData1)",
          "[codecs][parity]") {
  DecodeResult r = DecodeOk(Parity(kV10));
  const auto& tx = std::get<Pacs008>(r.message->document).cdt_trf_tx_inf.at(0);
  CHECK(tx.dbtr.nm == "Alpenblick Hotel AG");
  REQUIRE(tx.rmt_inf.has_value());
  REQUIRE(tx.rmt_inf->strd.size() == 1);
  CHECK(tx.rmt_inf->strd[0].addtl_rmt_inf.at(0) == "May delivery, cheese board");
}

TEST_CASE("pacs.008.001.10 refuses a full date where the tax year (ISOYear) is expected",
          "[codecs][parity]") {
  ExpectSchemaViolation(Replace(Parity(kV10), "<Yr>2024</Yr>", "<Yr>2024-01-01</Yr>"),
                        "/Tax/Rcrd");
}

TEST_CASE("pacs.008.001.10 refuses MndtRltdInf placed after the debtor", "[codecs][parity]") {
  std::string xml = Parity(kV10);
  size_t m_begin = xml.find("      <MndtRltdInf>");
  size_t m_end = xml.find("</MndtRltdInf>\n") + std::string("</MndtRltdInf>\n").size();
  std::string m = xml.substr(m_begin, m_end - m_begin);
  xml.erase(m_begin, m_end - m_begin);
  xml = Replace(xml, "      <DbtrAcct>", m + "      <DbtrAcct>");
  ExpectSchemaViolation(xml, "CdtTrfTxInf[1]");
}

TEST_CASE("pacs.008.001.10 refuses a mandate classification code outside the list",
          "[codecs][parity]") {
  ExpectSchemaViolation(Replace(Parity(kV10), "<Cd>FIXE</Cd>", "<Cd>FIXD</Cd>"),
                        "/MndtRltdInf/Tp/Clssfctn");
}

// ---------------------------------------------------------------- pacs.002.001.10

TEST_CASE("pacs.002.001.10 accepts Amt, CdtrSchmeId, SeqTp, MndtRltdInf and RmtInf in OrgnlTxRef",
          "[codecs][parity]") {
  DecodeResult r = DecodeOk(Parity(kP002));
  const auto& tx = std::get<Pacs002>(r.message->document).tx_inf_and_sts.at(0);
  REQUIRE(tx.orgnl_tx_ref.has_value());
  CHECK(tx.orgnl_tx_ref->intr_bk_sttlm_amt == Amount{Decimal(1825075, 2), "EUR"});
  CHECK(tx.orgnl_tx_ref->intr_bk_sttlm_dt == "2024-05-02");
  CHECK(tx.orgnl_tx_ref->pmt_mtd == "DD");
  REQUIRE(tx.orgnl_tx_ref->pmt_tp_inf.has_value());
  REQUIRE(tx.orgnl_tx_ref->pmt_tp_inf->svc_lvl.size() == 1);
  CHECK(tx.orgnl_tx_ref->pmt_tp_inf->svc_lvl[0].cd == "SEPA");
}

TEST_CASE("pacs.002.001.10 refuses an amount naming both the instructed and equivalent amount",
          "[codecs][parity]") {
  ExpectSchemaViolation(
      Replace(Parity(kP002), "<EqvtAmt>", "<InstdAmt Ccy=\"EUR\">18250.75</InstdAmt>\n<EqvtAmt>"),
      "/OrgnlTxRef/Amt");
}

TEST_CASE("pacs.002.001.10 refuses a sequence type outside SequenceType3Code", "[codecs][parity]") {
  ExpectSchemaViolation(Replace(Parity(kP002), "<SeqTp>RCUR</SeqTp>", "<SeqTp>LAST</SeqTp>"),
                        "/OrgnlTxRef/PmtTpInf");
}

TEST_CASE("pacs.002.001.10 refuses CdtrSchmeId after the settlement information",
          "[codecs][parity]") {
  std::string xml = Parity(kP002);
  xml = Replace(xml, "          <PmtMtd>DD</PmtMtd>\n",
                "          <PmtMtd>DD</PmtMtd>\n          <CdtrSchmeId>\n            "
                "<Nm>Late</Nm>\n          </CdtrSchmeId>\n");
  ExpectSchemaViolation(xml, "/OrgnlTxRef");
}

// ---------------------------------------------------------------- pacs.004.001.09

constexpr std::string_view kP004 = "pacs.004.001.09";

TEST_CASE("pacs.004.001.09 accepts tax remittance and a mandate in the original transaction",
          "[codecs][parity]") {
  std::string xml = Replace(Sample(kP004, "valid_bare.xml"),
                            "          <Ustrd>Loyer mars 2026 appartement 12</Ustrd>\n",
                            "          <Ustrd>Loyer mars 2026 appartement 12</Ustrd>\n"
                            "          <Strd>\n"
                            "            <TaxRmt>\n"
                            "              <RefNb>TAXE-2026-03</RefNb>\n"
                            "            </TaxRmt>\n"
                            "          </Strd>\n");
  xml = Replace(xml, "        </PmtTpInf>\n        <RmtInf>",
                "        </PmtTpInf>\n        <MndtRltdInf>\n          <MndtId>M-2026-12</MndtId>\n"
                "        </MndtRltdInf>\n        <RmtInf>");
  DecodeResult r = DecodeOk(xml);
  CHECK(std::get<Pacs004>(r.message->document).tx_inf.size() == 2);
}

TEST_CASE("pacs.004.001.09 refuses accounts in the return chain, which TransactionParties7 lacks",
          "[codecs][parity]") {
  std::string xml = Replace(Sample(kP004, "valid_bare.xml"), "        <DbtrAgt>\n",
                            "        <DbtrAcct>\n          <Id>\n            "
                            "<IBAN>FR7630006000011234567890189</IBAN>\n          </Id>\n"
                            "        </DbtrAcct>\n        <DbtrAgt>\n");
  ExpectSchemaViolation(xml, "/RtrChain");
}

TEST_CASE("pacs.004.001.09 refuses payment type information in the group header",
          "[codecs][parity]") {
  std::string xml = Sample(kP004, "valid_bare.xml");
  size_t at = xml.find("      </SttlmInf>\n");
  REQUIRE(at != std::string::npos);
  xml.insert(at + std::string("      </SttlmInf>\n").size(),
             "      <PmtTpInf>\n        <InstrPrty>NORM</InstrPrty>\n      </PmtTpInf>\n");
  ExpectSchemaViolation(xml, "/GrpHdr");
}

// ---------------------------------------------------------------- camt.029.001.09

constexpr std::string_view kC029 = "camt.029.001.09";

std::string C029WithPaymentInformation(std::string_view uetr_tag) {
  std::string block =
      "      <OrgnlPmtInfAndSts>\n"
      "        <OrgnlPmtInfId>COBA-PMTINF-20260312-01</OrgnlPmtInfId>\n"
      "        <TxInfAndSts>\n"
      "          <OrgnlEndToEndId>COBA-E2E-0001</OrgnlEndToEndId>\n"
      "          <" + std::string(uetr_tag) + ">f69cf923-d8da-4280-a995-bfd3f71a2baf</" +
      std::string(uetr_tag) + ">\n"
      "        </TxInfAndSts>\n"
      "      </OrgnlPmtInfAndSts>\n";
  return Replace(Sample(kC029, "valid_bare.xml"), "      </OrgnlGrpInfAndSts>\n",
                 "      </OrgnlGrpInfAndSts>\n" + block);
}

TEST_CASE("camt.029.001.09 accepts UETR in a transaction under OrgnlPmtInfAndSts",
          "[codecs][parity]") {
  DecodeResult r = Decode(C029WithPaymentInformation("UETR"), Schemas());
  INFO(Describe(r.issues));
  REQUIRE(r.message.has_value());
  CHECK(ext_testing::FindIssue(r.issues, "XSD") == nullptr);
}

TEST_CASE("camt.029.001.09 refuses OrgnlUETR in a transaction under OrgnlPmtInfAndSts",
          "[codecs][parity]") {
  ExpectSchemaViolation(C029WithPaymentInformation("OrgnlUETR"), "/OrgnlPmtInfAndSts");
}

TEST_CASE("camt.029.001.09 refuses modification details without the original group",
          "[codecs][parity]") {
  ExpectSchemaViolation(Replace(Sample(kC029, "valid_bare.xml"), "    </CxlDtls>\n",
                                "    </CxlDtls>\n    <ModDtls>\n      <ModStsId>MOD-1</ModStsId>\n"
                                "      <OrgnlEndToEndId>E2E-1</OrgnlEndToEndId>\n"
                                "    </ModDtls>\n"),
                        "/ModDtls");
}

TEST_CASE("camt.029.001.09 refuses a second statement resolution entry", "[codecs][parity]") {
  ExpectSchemaViolation(Replace(Sample(kC029, "valid_bare.xml"), "    </CxlDtls>\n",
                                "    </CxlDtls>\n"
                                "    <StmtDtls>\n      <OrgnlStmtId>STMT-1</OrgnlStmtId>\n    </StmtDtls>\n"
                                "    <StmtDtls>\n      <OrgnlStmtId>STMT-2</OrgnlStmtId>\n    </StmtDtls>\n"),
                        "/RsltnOfInvstgtn");
}

// ---------------------------------------------------------------- camt.054.001.08

constexpr std::string_view kOrgnlBkTxCd =
    "<OrgnlBkTxCd>\n"
    "                <Domn>\n"
    "                  <Cd>PMNT</Cd>\n"
    "                  <Fmly>\n"
    "                    <Cd>RCDT</Cd>\n"
    "                    <SubFmlyCd>ESCT</SubFmlyCd>\n"
    "                  </Fmly>\n"
    "                </Domn>\n"
    "              </OrgnlBkTxCd>\n              ";

TEST_CASE("camt.054.001.08 accepts the original bank transaction code of a return",
          "[codecs][parity]") {
  std::string xml = Replace(Sample("camt.054.001.08", "valid_bare.xml"),
                            "<RtrInf>\n              <Orgtr>",
                            "<RtrInf>\n              " + std::string(kOrgnlBkTxCd) + "<Orgtr>");
  DecodeOk(xml);
}

TEST_CASE("camt.054.001.08 refuses the original bank transaction code after the originator",
          "[codecs][parity]") {
  std::string xml = Replace(Sample("camt.054.001.08", "valid_bare.xml"),
                            "              </Orgtr>\n",
                            "              </Orgtr>\n              " + std::string(kOrgnlBkTxCd));
  ExpectSchemaViolation(xml, "/RtrInf");
}

// ---------------------------------------------------------------- head.001.001.02

constexpr std::string_view kRltd =
    "    <Rltd>\n"
    "      <Fr>\n        <FIId>\n          <FinInstnId>\n            <BICFI>NORDDEFFXXX</BICFI>\n"
    "          </FinInstnId>\n        </FIId>\n      </Fr>\n"
    "      <To>\n        <FIId>\n          <FinInstnId>\n            <BICFI>THAMGB2LXXX</BICFI>\n"
    "          </FinInstnId>\n        </FIId>\n      </To>\n"
    "      <BizMsgIdr>NDF-20240502-000183</BizMsgIdr>\n"
    "      <MsgDefIdr>pacs.008.001.08</MsgDefIdr>\n"
    "      <CreDt>2024-05-02T11:10:00+02:00</CreDt>\n"
    "      <PssblDplct>false</PssblDplct>\n"
    "      <Prty>NORM</Prty>\n"
    "      <Sgntr>\n        <Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"/>\n      </Sgntr>\n"
    "    </Rltd>\n";

TEST_CASE("head.001.001.02 accepts a related header with PssblDplct, Sgntr and a local time",
          "[codecs][parity]") {
  std::string xml = Replace(testing_data("pacs008_cbpr_envelope.xml"), "  </AppHdr>",
                            std::string(kRltd) + "  </AppHdr>");
  DecodeResult r = DecodeOk(xml);
  REQUIRE(r.message->app_hdr.has_value());
  REQUIRE(r.message->app_hdr->rltd.size() == 1);
  CHECK(r.message->app_hdr->rltd[0].biz_msg_idr == "NDF-20240502-000183");
}

TEST_CASE("head.001.001.02 refuses PssblDplct after Prty in a related header", "[codecs][parity]") {
  std::string rltd = Replace(std::string(kRltd), "      <PssblDplct>false</PssblDplct>\n", "");
  rltd = Replace(rltd, "      <Prty>NORM</Prty>\n",
                 "      <Prty>NORM</Prty>\n      <PssblDplct>false</PssblDplct>\n");
  ExpectSchemaViolation(Replace(testing_data("pacs008_cbpr_envelope.xml"), "  </AppHdr>",
                                rltd + "  </AppHdr>"),
                        "/Rltd");
}

// ---------------------------------------------------------------- head.001.001.02

TEST_CASE("head.001.001.02 takes any priority text, as the ISO release does", "[codecs][parity]") {
  const std::string priority = "SERVICE-DEFINED-PRIORITY";
  std::string xml = Replace(testing_data("pacs008_cbpr_envelope.xml"), "    <CreDt>2024-05-02T09:14:27Z</CreDt>\n",
                            "    <CreDt>2024-05-02T09:14:27Z</CreDt>\n    <Prty>" + priority + "</Prty>\n");
  DecodeResult r = DecodeOk(xml);
  REQUIRE(r.message->app_hdr.has_value());
  CHECK(r.message->app_hdr->prty == priority);
}

}  // namespace
}  // namespace gw::codecs
