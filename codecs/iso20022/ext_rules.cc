// File: codecs/iso20022/ext_rules.cc
#include "codecs/iso20022/ext_rules.h"

#include <algorithm>
#include <array>

#include "codecs/iso20022/component_rules.h"

namespace gw::codecs {
namespace {

// Each list is sorted (CheckCode searches it with a binary search). The External* lists hold
// every code of the ISO 20022 External Code Sets release named in codecs/README.md.
constexpr auto kReturnReasons = std::to_array<std::string_view>({
    "AC01", "AC02", "AC03", "AC04", "AC06", "AC07", "AC13", "AC14", "AC15", "AC16", "AC17",
    "AG01", "AG02", "AG07", "AG08", "AGNT", "AM01", "AM02", "AM03", "AM04", "AM05", "AM06",
    "AM07", "AM09", "AM10", "ARDT", "BE01", "BE04", "BE05", "BE06", "BE07", "BE08", "BE10",
    "BE11", "BE16", "BE17", "CN01", "CNOR", "CNPC", "CURR", "CUST", "DC04", "DNOR", "DS28",
    "DT01", "DT02", "DT04", "DUPL", "ED01", "ED03", "ED05", "EMVL", "ERIN", "FF01", "FF02",
    "FF03", "FF04", "FF05", "FF06", "FF07", "FOCR", "FR01", "FRAD", "FRTR", "G004", "MD01",
    "MD02", "MD05", "MD06", "MD07", "MS02", "MS03", "NARR", "NOAS", "NOCM", "NOOR", "PINL",
    "RC01", "RC03", "RC04", "RC07", "RC08", "RC11", "RF01", "RR01", "RR02", "RR03", "RR04",
    "RR05", "RR06", "RR07", "RR08", "RR09", "RR10", "RR11", "RR12", "RUTA", "SL01", "SL02",
    "SL11", "SL12", "SL13", "SL14", "SP01", "SP02", "SVNR", "TM01", "TRAC", "UPAY",
});
constexpr auto kCancellationReasons = std::to_array<std::string_view>({
    "AC02", "AC03", "AGNT", "AM09", "BE16", "BIAS", "COVR", "CURR", "CUST", "CUTA", "DRTP",
    "DS24", "DT01", "DUPL", "ECAG", "ENUE", "FRAD", "FRNA", "FRTR", "INCR", "INDM", "MD06",
    "MODT", "NARR", "NFNA", "PAID", "PPRC", "SVNR", "SYAD", "TECH", "UAPA", "UPAY", "WNTB",
});
constexpr auto kInvestigationConfirmations = std::to_array<std::string_view>({
    "ACDA", "ACNR", "ACVA", "BIAS", "CHRG", "CNCL", "CONF", "CVAA", "CWFW", "FTNA", "ICOV",
    "IDNE", "IDUP", "INFO", "IPAY", "IPYI", "IVCR", "MCOV", "MODI", "MWFW", "NAOR", "NINF",
    "PACR", "PDCR", "PDNG", "PECR", "PURP", "RJCR", "RJNR", "RJVA", "SMTC", "SMTI", "UWFW",
});
constexpr auto kCancellationRejections = std::to_array<std::string_view>({
    "AACR", "AC04", "ACLR", "ADAC", "AEXR", "AGNT", "AM04", "ARDT", "ARFR", "ARJR", "ARJT",
    "ARPL", "CUST", "IDMN", "INDM", "LEGL", "NARR", "NOAS", "NOOR", "PATE", "PTNA", "RCAR",
    "RCNR", "RCPR", "RQDA", "RR04", "URTP", "WSEQ",
});
constexpr auto kModificationRejections = std::to_array<std::string_view>({
    "UM01", "UM02", "UM03", "UM04", "UM05", "UM06", "UM07", "UM08", "UM09", "UM10", "UM11",
    "UM12", "UM13", "UM14", "UM15", "UM16", "UM17", "UM18", "UM19", "UM20", "UM21", "UM22",
    "UM23", "UM24", "UM25", "UM26", "UM27", "UM28",
});
constexpr auto kCancellationIndividualStatus =
    std::to_array<std::string_view>({"ACCR", "PDCR", "RJCR"});
// TransactionIndividualStatus1Code (camt.029.001.09 OrgnlGrpInfAndSts/NbOfTxsPerCxlSts).
constexpr auto kTransactionIndividualStatus = std::to_array<std::string_view>(
    {"ACCP", "ACCR", "ACSC", "ACSP", "ACTC", "ACWC", "PDNG", "RJCT"});
constexpr auto kGroupCancellationStatus =
    std::to_array<std::string_view>({"ACCR", "PACR", "PDCR", "RJCR"});
constexpr auto kBalanceTypes = std::to_array<std::string_view>(
    {"CLAV", "CLBD", "FWAV", "INFO", "ITAV", "ITBD", "OPAV", "OPBD", "PRCD", "XPCD"});
constexpr auto kEntryStatus = std::to_array<std::string_view>({"BOOK", "FUTR", "INFO", "PDNG"});
constexpr auto kBankTransactionDomains = std::to_array<std::string_view>(
    {"ACMT", "CAMT", "CMDT", "DERV", "FORX", "LDAS", "PMET", "PMNT", "SECU", "TRAD", "XTND"});
constexpr auto kCreditDebit = std::to_array<std::string_view>({"CRDT", "DBIT"});
constexpr auto kPaymentMethods = std::to_array<std::string_view>({"CHK", "TRA", "TRF"});
constexpr auto kPriorities = std::to_array<std::string_view>({"HIGH", "NORM"});
constexpr auto kClearingChannels = std::to_array<std::string_view>({"BOOK", "MPNS", "RTGS", "RTNS"});
static_assert(std::is_sorted(kReturnReasons.begin(), kReturnReasons.end()));
static_assert(std::is_sorted(kCancellationReasons.begin(), kCancellationReasons.end()));
static_assert(std::is_sorted(kInvestigationConfirmations.begin(), kInvestigationConfirmations.end()));
static_assert(std::is_sorted(kCancellationRejections.begin(), kCancellationRejections.end()));
static_assert(std::is_sorted(kModificationRejections.begin(), kModificationRejections.end()));
static_assert(std::is_sorted(kCancellationIndividualStatus.begin(), kCancellationIndividualStatus.end()));
static_assert(std::is_sorted(kTransactionIndividualStatus.begin(), kTransactionIndividualStatus.end()));
static_assert(std::is_sorted(kGroupCancellationStatus.begin(), kGroupCancellationStatus.end()));
static_assert(std::is_sorted(kBalanceTypes.begin(), kBalanceTypes.end()));
static_assert(std::is_sorted(kEntryStatus.begin(), kEntryStatus.end()));
static_assert(std::is_sorted(kBankTransactionDomains.begin(), kBankTransactionDomains.end()));
static_assert(std::is_sorted(kCreditDebit.begin(), kCreditDebit.end()));
static_assert(std::is_sorted(kPaymentMethods.begin(), kPaymentMethods.end()));
static_assert(std::is_sorted(kPriorities.begin(), kPriorities.end()));
static_assert(std::is_sorted(kClearingChannels.begin(), kClearingChannels.end()));

}  // namespace

const CodeSet kReturnReasonCodes{"ExternalReturnReason1Code", "FF01", kReturnReasons};
const CodeSet kCancellationReasonCodes{"ExternalCancellationReason1Code", "FF01",
                                       kCancellationReasons};
const CodeSet kInvestigationConfirmationCodes{"ExternalInvestigationExecutionConfirmation1Code",
                                              "FF01", kInvestigationConfirmations};
const CodeSet kCancellationRejectionCodes{"ExternalPaymentCancellationRejection1Code", "FF01",
                                          kCancellationRejections};
const CodeSet kModificationRejectionCodes{"ExternalPaymentModificationRejection1Code", "FF01",
                                          kModificationRejections};
const CodeSet kCancellationIndividualStatusCodes{"CancellationIndividualStatus1Code", "FF01",
                                                 kCancellationIndividualStatus};
const CodeSet kTransactionIndividualStatusCodes{"TransactionIndividualStatus1Code", "FF01",
                                                kTransactionIndividualStatus};
const CodeSet kGroupCancellationStatusCodes{"GroupCancellationStatus1Code", "FF01",
                                            kGroupCancellationStatus};
const CodeSet kBalanceTypeCodes{"ExternalBalanceType1Code", "FF01", kBalanceTypes};
const CodeSet kEntryStatusCodes{"ExternalEntryStatus1Code", "FF01", kEntryStatus};
const CodeSet kBankTransactionDomainCodes{"ExternalBankTransactionDomain1Code", "FF01",
                                          kBankTransactionDomains};
const CodeSet kCreditDebitCodes{"CreditDebitCode", "FF01", kCreditDebit};
const CodeSet kPaymentMethodCodes{"PaymentMethod3Code", "FF01", kPaymentMethods};
const CodeSet kPriorityCodes{"Priority2Code", "FF01", kPriorities};
const CodeSet kClearingChannelCodes{"ClearingChannel2Code", "FF01", kClearingChannels};

void CheckCodeAt(const std::optional<std::string>& code, const CodeSet& set,
                 const std::string& path, Issues& out) {
  if (code) Report(out, path, *code, CheckCode(*code, set));
}

void CheckUetrAt(const std::optional<std::string>& uetr, const std::string& path, Issues& out) {
  if (uetr) Report(out, path, *uetr, CheckUuidV4(*uetr));
}

void CheckOptionalAgentAt(const std::optional<Agent>& agent, const std::string& path,
                          Issues& out) {
  if (agent) CheckAgent(*agent, path, out);
}

void CheckOptionalPartyAt(const std::optional<PartyIdentification135>& party,
                          const std::string& path, Issues& out) {
  if (party) CheckParty(*party, path, out);
}

void CheckOptionalAccountAt(const std::optional<CashAccount>& account, const std::string& path,
                            Issues& out) {
  if (account) CheckAccount(*account, path, /*id_optional=*/false, out);
}

void CheckAccount39(const CashAccount39& account, const std::string& path, Issues& out) {
  CashAccount plain;
  plain.id = account.id;
  plain.tp = account.tp;
  plain.ccy = account.ccy;
  plain.nm = account.nm;
  plain.prxy = account.prxy;
  CheckAccount(plain, path, /*id_optional=*/false, out);
  CheckOptionalPartyAt(account.ownr, PathOf(path, "Ownr"), out);
  CheckOptionalAgentAt(account.svcr, PathOf(path, "Svcr"), out);
}

void CheckParty40(const Party40Choice& choice, const std::string& path, Issues& out) {
  int set = (choice.pty ? 1 : 0) + (choice.agt ? 1 : 0);
  if (set != 1) {
    AddIssue(out, "CHC-001", "FF01", path, "",
             set == 0 ? "give either a party (Pty) or an agent (Agt)"
                      : "give a party (Pty) or an agent (Agt), not both");
  }
  if (choice.pty) CheckParty(*choice.pty, PathOf(path, "Pty"), out);
  if (choice.agt) CheckAgent(*choice.agt, PathOf(path, "Agt"), out);
}

void CheckOptionalParty40At(const std::optional<Party40Choice>& choice, const std::string& path,
                            Issues& out) {
  if (choice) CheckParty40(*choice, path, out);
}

void CheckSettlementInstruction(const SettlementInstruction& s, const std::string& path,
                                Issues& out) {
  Report(out, PathOf(path, "SttlmMtd"), s.sttlm_mtd, CheckCode(s.sttlm_mtd, kSettlementMethodCodes));
  CheckOptionalAccountAt(s.sttlm_acct, PathOf(path, "SttlmAcct"), out);
  CheckOptionalAgentAt(s.instg_rmbrsmnt_agt, PathOf(path, "InstgRmbrsmntAgt"), out);
  CheckOptionalAccountAt(s.instg_rmbrsmnt_agt_acct, PathOf(path, "InstgRmbrsmntAgtAcct"), out);
  CheckOptionalAgentAt(s.instd_rmbrsmnt_agt, PathOf(path, "InstdRmbrsmntAgt"), out);
  CheckOptionalAccountAt(s.instd_rmbrsmnt_agt_acct, PathOf(path, "InstdRmbrsmntAgtAcct"), out);
  CheckOptionalAgentAt(s.thrd_rmbrsmnt_agt, PathOf(path, "ThrdRmbrsmntAgt"), out);
  CheckOptionalAccountAt(s.thrd_rmbrsmnt_agt_acct, PathOf(path, "ThrdRmbrsmntAgtAcct"), out);
}

void CheckPaymentTypeInformation(const PaymentTypeInformation28& p, const std::string& path,
                                 Issues& out) {
  CheckCodeAt(p.instr_prty, kPriorityCodes, PathOf(path, "InstrPrty"), out);
  CheckCodeAt(p.clr_chanl, kClearingChannelCodes, PathOf(path, "ClrChanl"), out);
}

void CheckOptionalAmountAt(const std::optional<Amount>& amount, const std::string& path,
                           Issues& out) {
  if (amount) CheckAmountAt(*amount, path, out);
}

void CheckOptionalNonNegativeAmountAt(const std::optional<Amount>& amount,
                                      const std::string& path, Issues& out) {
  if (amount) CheckNonNegativeAmountAt(*amount, path, out);
}

void CheckCharges7(const std::vector<Charges7>& charges, const std::string& base,
                   std::string_view tag, Issues& out) {
  for (size_t i = 0; i < charges.size(); ++i) {
    std::string p = PathAt(base, tag, i);
    CheckNonNegativeAmountAt(charges[i].amt, PathOf(p, "Amt"), out);
    CheckAgent(charges[i].agt, PathOf(p, "Agt"), out);
  }
}

void CheckOriginalTransactionReference(const OriginalTransactionReference28& ref,
                                       const std::string& path, Issues& out) {
  CheckOptionalAmountAt(ref.intr_bk_sttlm_amt, PathOf(path, "IntrBkSttlmAmt"), out);
  CheckDateAt(ref.intr_bk_sttlm_dt, PathOf(path, "IntrBkSttlmDt"), out);
  CheckDateAt(ref.reqd_colltn_dt, PathOf(path, "ReqdColltnDt"), out);
  if (ref.reqd_exctn_dt) {
    CheckDateAt(ref.reqd_exctn_dt->dt, PathOf(PathOf(path, "ReqdExctnDt"), "Dt"), out);
    CheckDateTimeAt(ref.reqd_exctn_dt->dt_tm, PathOf(PathOf(path, "ReqdExctnDt"), "DtTm"), out);
  }
  if (ref.sttlm_inf) CheckSettlementInstruction(*ref.sttlm_inf, PathOf(path, "SttlmInf"), out);
  if (ref.pmt_tp_inf) CheckPaymentTypeInformation(*ref.pmt_tp_inf, PathOf(path, "PmtTpInf"), out);
  CheckOptionalParty40At(ref.ultmt_dbtr, PathOf(path, "UltmtDbtr"), out);
  CheckOptionalParty40At(ref.dbtr, PathOf(path, "Dbtr"), out);
  CheckOptionalAccountAt(ref.dbtr_acct, PathOf(path, "DbtrAcct"), out);
  CheckOptionalAgentAt(ref.dbtr_agt, PathOf(path, "DbtrAgt"), out);
  CheckOptionalAccountAt(ref.dbtr_agt_acct, PathOf(path, "DbtrAgtAcct"), out);
  CheckOptionalAgentAt(ref.cdtr_agt, PathOf(path, "CdtrAgt"), out);
  CheckOptionalAccountAt(ref.cdtr_agt_acct, PathOf(path, "CdtrAgtAcct"), out);
  CheckOptionalParty40At(ref.cdtr, PathOf(path, "Cdtr"), out);
  CheckOptionalAccountAt(ref.cdtr_acct, PathOf(path, "CdtrAcct"), out);
  CheckOptionalParty40At(ref.ultmt_cdtr, PathOf(path, "UltmtCdtr"), out);
}

void CheckOriginalGroupInformation(const OriginalGroupInformation29& info,
                                   const std::string& path, Issues& out) {
  CheckDateTimeAt(info.orgnl_cre_dt_tm, PathOf(path, "OrgnlCreDtTm"), out);
}

void CheckReason(const ReasonInformation& reason, const CodeSet& codes, const std::string& path,
                 Issues& out) {
  CheckOptionalPartyAt(reason.orgtr, PathOf(path, "Orgtr"), out);
  if (reason.rsn) {
    int set = (reason.rsn->cd ? 1 : 0) + (reason.rsn->prtry ? 1 : 0);
    if (set != 1) {
      AddIssue(out, "CHC-001", "FF01", PathOf(path, "Rsn"), "",
               "give either a reason code (Cd) or a proprietary reason (Prtry)");
    }
    CheckCodeAt(reason.rsn->cd, codes, PathOf(PathOf(path, "Rsn"), "Cd"), out);
  }
}

bool HasReason(const std::vector<ReasonInformation>& reasons) {
  for (const ReasonInformation& r : reasons) {
    if (r.rsn && ((r.rsn->cd && !r.rsn->cd->empty()) || (r.rsn->prtry && !r.rsn->prtry->empty()))) {
      return true;
    }
  }
  return false;
}

void CheckCase(const Case5& c, const std::string& path, Issues& out) {
  CheckParty40(c.cretr, PathOf(path, "Cretr"), out);
}

void CheckCaseAssignment(const CaseAssignment5& a, const std::string& path, Issues& out) {
  CheckParty40(a.assgnr, PathOf(path, "Assgnr"), out);
  CheckParty40(a.assgne, PathOf(path, "Assgne"), out);
  Report(out, PathOf(path, "CreDtTm"), a.cre_dt_tm, CheckIsoDateTime(a.cre_dt_tm));
}

void CheckOriginalReference(std::initializer_list<const std::optional<std::string>*> refs,
                            const std::string& path, Issues& out) {
  for (const auto* r : refs) {
    if (*r && !(*r)->empty()) return;
  }
  AddIssue(out, "REF-001", "FF01", path, "",
           "the original transaction is not identified: give its EndToEndId, TxId, UETR or "
           "InstrId");
}

void CheckNumberOfTransactions(const std::string& nb_of_txs, size_t actual,
                               const std::string& path, Issues& out) {
  bool digits = !nb_of_txs.empty() && nb_of_txs.size() <= 15;
  unsigned long long n = 0;
  for (char c : nb_of_txs) {
    if (c < '0' || c > '9') {
      digits = false;
      break;
    }
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  if (!digits || n != actual) {
    AddIssue(out, "GRP-001", "AM18", path, nb_of_txs,
             "NbOfTxs says " + nb_of_txs + " but the message carries " + std::to_string(actual) +
                 " transaction(s)");
  }
}

std::optional<Decimal> Sum(std::span<const Decimal> values) {
  Decimal total(0, 0);
  for (const Decimal& v : values) {
    auto next = Decimal::Add(total, v);
    if (!next) return std::nullopt;
    total = *next;
  }
  return total;
}

void CheckControlSum(const Decimal& ctrl_sum, std::span<const Decimal> values,
                     const std::string& path, Issues& out) {
  auto total = Sum(values);
  if (!total) return;
  if (!ctrl_sum.NumericallyEquals(*total)) {
    AddIssue(out, "GRP-002", "AM10", path, ctrl_sum.ToString(),
             "CtrlSum " + ctrl_sum.ToString() + " differs from the sum of the amounts, " +
                 total->ToString());
  }
}

}  // namespace gw::codecs
