// File: codecs/iso20022/camt05x_rules.cc
//
// Business rules of camt.053 BankToCustomerStatement and camt.054
// BankToCustomerDebitCreditNotification (same entry structure). Besides the shared checks:
//   RPT-001  an entry or balance is not in the account's currency            AM03
//   RPT-002  TxsSummry totals disagree with the entries (number: AM18, sums: AM10)
//   BAL-001  a statement lacks an opening (OPBD/PRCD) or closing booked (CLBD) balance  FF01
//   BAL-002  opening booked balance + booked credits - booked debits != closing booked  AM10
#include <optional>
#include <vector>

#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/ext_messages.h"
#include "codecs/iso20022/ext_rules.h"
#include "codecs/iso20022/registry.h"

namespace gw::codecs {
namespace {

Decimal Signed(const Decimal& value, const std::string& cdt_dbt_ind) {
  return cdt_dbt_ind == "DBIT" ? Decimal(-value.mantissa(), value.scale()) : value;
}

void CheckCurrencyOfAccount(const Amount& amount, const std::optional<std::string>& account_ccy,
                            const std::string& path, Issues& out) {
  if (account_ccy && !account_ccy->empty() && amount.ccy != *account_ccy) {
    AddIssue(out, "RPT-001", "AM03", path, amount.ccy,
             "the amount is in " + amount.ccy + " but the account is held in " + *account_ccy);
  }
}

void CheckDateChoice(const std::optional<DateAndDateTime2Choice>& d, const std::string& path,
                     Issues& out) {
  if (!d) return;
  CheckDateAt(d->dt, PathOf(path, "Dt"), out);
  CheckDateTimeAt(d->dt_tm, PathOf(path, "DtTm"), out);
}

void CheckAvailability(const std::vector<CashAvailability1>& avlbty, const std::string& base,
                       Issues& out) {
  for (size_t k = 0; k < avlbty.size(); ++k) {
    std::string p = PathAt(base, "Avlbty", k);
    CheckDateAt(avlbty[k].dt.actl_dt, PathOf(PathOf(p, "Dt"), "ActlDt"), out);
    CheckNonNegativeAmountAt(avlbty[k].amt, PathOf(p, "Amt"), out);
    Report(out, PathOf(p, "CdtDbtInd"), avlbty[k].cdt_dbt_ind,
           CheckCode(avlbty[k].cdt_dbt_ind, kCreditDebitCodes));
  }
}

void CheckCharges6(const std::optional<Charges6>& chrgs, const std::string& path, Issues& out) {
  if (!chrgs) return;
  CheckOptionalNonNegativeAmountAt(chrgs->ttl_chrgs_and_tax_amt, PathOf(path, "TtlChrgsAndTaxAmt"),
                                   out);
  for (size_t k = 0; k < chrgs->rcrd.size(); ++k) {
    std::string p = PathAt(path, "Rcrd", k);
    CheckNonNegativeAmountAt(chrgs->rcrd[k].amt, PathOf(p, "Amt"), out);
    CheckCodeAt(chrgs->rcrd[k].cdt_dbt_ind, kCreditDebitCodes, PathOf(p, "CdtDbtInd"), out);
    CheckCodeAt(chrgs->rcrd[k].br, kChargeBearerCodes, PathOf(p, "Br"), out);
    CheckOptionalAgentAt(chrgs->rcrd[k].agt, PathOf(p, "Agt"), out);
  }
}

void CheckBankTransactionCode(const BankTransactionCodeStructure4& code, const std::string& path,
                              Issues& out) {
  if (code.domn) {
    Report(out, PathOf(PathOf(path, "Domn"), "Cd"), code.domn->cd,
           CheckCode(code.domn->cd, kBankTransactionDomainCodes));
  }
}

void CheckTransactionDetails(const EntryTransaction10& tx, const std::string& p, Issues& out) {
  if (tx.refs) CheckUetrAt(tx.refs->uetr, PathOf(PathOf(p, "Refs"), "UETR"), out);
  CheckOptionalAmountAt(tx.amt, PathOf(p, "Amt"), out);
  CheckCodeAt(tx.cdt_dbt_ind, kCreditDebitCodes, PathOf(p, "CdtDbtInd"), out);
  CheckAvailability(tx.avlbty, p, out);
  if (tx.bk_tx_cd) CheckBankTransactionCode(*tx.bk_tx_cd, PathOf(p, "BkTxCd"), out);
  CheckCharges6(tx.chrgs, PathOf(p, "Chrgs"), out);
  if (tx.rltd_pties) {
    const auto& r = *tx.rltd_pties;
    std::string rp = PathOf(p, "RltdPties");
    CheckOptionalParty40At(r.initg_pty, PathOf(rp, "InitgPty"), out);
    CheckOptionalParty40At(r.dbtr, PathOf(rp, "Dbtr"), out);
    CheckOptionalAccountAt(r.dbtr_acct, PathOf(rp, "DbtrAcct"), out);
    CheckOptionalParty40At(r.ultmt_dbtr, PathOf(rp, "UltmtDbtr"), out);
    CheckOptionalParty40At(r.cdtr, PathOf(rp, "Cdtr"), out);
    CheckOptionalAccountAt(r.cdtr_acct, PathOf(rp, "CdtrAcct"), out);
    CheckOptionalParty40At(r.ultmt_cdtr, PathOf(rp, "UltmtCdtr"), out);
    CheckOptionalParty40At(r.tradg_pty, PathOf(rp, "TradgPty"), out);
  }
  if (tx.rltd_agts) {
    const auto& a = *tx.rltd_agts;
    std::string ap = PathOf(p, "RltdAgts");
    CheckOptionalAgentAt(a.instg_agt, PathOf(ap, "InstgAgt"), out);
    CheckOptionalAgentAt(a.instd_agt, PathOf(ap, "InstdAgt"), out);
    CheckOptionalAgentAt(a.dbtr_agt, PathOf(ap, "DbtrAgt"), out);
    CheckOptionalAgentAt(a.cdtr_agt, PathOf(ap, "CdtrAgt"), out);
    CheckOptionalAgentAt(a.intrmy_agt1, PathOf(ap, "IntrmyAgt1"), out);
    CheckOptionalAgentAt(a.intrmy_agt2, PathOf(ap, "IntrmyAgt2"), out);
    CheckOptionalAgentAt(a.intrmy_agt3, PathOf(ap, "IntrmyAgt3"), out);
  }
  if (tx.rltd_dts) {
    const auto& d = *tx.rltd_dts;
    std::string dp = PathOf(p, "RltdDts");
    CheckDateTimeAt(d.accptnc_dt_tm, PathOf(dp, "AccptncDtTm"), out);
    CheckDateAt(d.intr_bk_sttlm_dt, PathOf(dp, "IntrBkSttlmDt"), out);
    CheckDateAt(d.trad_dt, PathOf(dp, "TradDt"), out);
    CheckDateTimeAt(d.tx_dt_tm, PathOf(dp, "TxDtTm"), out);
  }
  if (tx.rtr_inf) CheckReason(*tx.rtr_inf, kReturnReasonCodes, PathOf(p, "RtrInf"), out);
}

void CheckEntry(const ReportEntry10& e, const std::string& p,
                const std::optional<std::string>& account_ccy, Issues& out) {
  CheckAmountAt(e.amt, PathOf(p, "Amt"), out);
  CheckCurrencyOfAccount(e.amt, account_ccy, PathOf(p, "Amt"), out);
  Report(out, PathOf(p, "CdtDbtInd"), e.cdt_dbt_ind, CheckCode(e.cdt_dbt_ind, kCreditDebitCodes));
  CheckCodeAt(e.sts.cd, kEntryStatusCodes, PathOf(PathOf(p, "Sts"), "Cd"), out);
  CheckDateChoice(e.bookg_dt, PathOf(p, "BookgDt"), out);
  CheckDateChoice(e.val_dt, PathOf(p, "ValDt"), out);
  CheckAvailability(e.avlbty, p, out);
  CheckBankTransactionCode(e.bk_tx_cd, PathOf(p, "BkTxCd"), out);
  CheckCharges6(e.chrgs, PathOf(p, "Chrgs"), out);
  for (size_t d = 0; d < e.ntry_dtls.size(); ++d) {
    std::string dp = PathAt(p, "NtryDtls", d);
    const auto& details = e.ntry_dtls[d];
    if (details.btch) {
      CheckOptionalAmountAt(details.btch->ttl_amt, PathOf(PathOf(dp, "Btch"), "TtlAmt"), out);
    }
    for (size_t t = 0; t < details.tx_dtls.size(); ++t) {
      CheckTransactionDetails(details.tx_dtls[t], PathAt(dp, "TxDtls", t), out);
    }
  }
}

// RPT-002: one NumberAndSumOfTransactions block against the entries it counts.
template <class Totals>
void CheckTotals(const Totals& totals, size_t count, const std::vector<Decimal>& amounts,
                 const std::string& path, Issues& out) {
  if (totals.nb_of_ntries) {
    const std::string& n = *totals.nb_of_ntries;
    bool readable = !n.empty() && n.size() <= 15 &&
                    n.find_first_not_of("0123456789") == std::string::npos;
    if (!readable || std::stoull(n) != count) {
      AddIssue(out, "RPT-002", "AM18", PathOf(path, "NbOfNtries"), n,
               "the summary counts " + n + " entries but the report carries " +
                   std::to_string(count));
    }
  }
  if (totals.sum) {
    auto total = Sum(amounts);
    if (total && !totals.sum->NumericallyEquals(*total)) {
      AddIssue(out, "RPT-002", "AM10", PathOf(path, "Sum"), totals.sum->ToString(),
               "the summary sum " + totals.sum->ToString() + " differs from the sum of the entries, " +
                   total->ToString());
    }
  }
}

void CheckSummary(const TotalTransactions6& s, const std::vector<ReportEntry10>& entries,
                  const std::string& path, Issues& out) {
  std::vector<Decimal> all, credits, debits, net;
  for (const auto& e : entries) {
    all.push_back(e.amt.value);
    (e.cdt_dbt_ind == "CRDT" ? credits : debits).push_back(e.amt.value);
    net.push_back(Signed(e.amt.value, e.cdt_dbt_ind));
  }
  if (s.ttl_ntries) {
    std::string tp = PathOf(path, "TtlNtries");
    CheckTotals(*s.ttl_ntries, all.size(), all, tp, out);
    auto balance = Sum(net);
    if (s.ttl_ntries->ttl_net_ntry && balance) {
      const auto& n = *s.ttl_ntries->ttl_net_ntry;
      Decimal reported = Signed(n.amt, n.cdt_dbt_ind);
      if (!reported.NumericallyEquals(*balance)) {
        AddIssue(out, "RPT-002", "AM10", PathOf(tp, "TtlNetNtry"), n.amt.ToString(),
                 "the net total " + n.amt.ToString() + " " + n.cdt_dbt_ind +
                     " differs from credits minus debits, " + balance->ToString());
      }
    }
  }
  if (s.ttl_cdt_ntries) {
    CheckTotals(*s.ttl_cdt_ntries, credits.size(), credits, PathOf(path, "TtlCdtNtries"), out);
  }
  if (s.ttl_dbt_ntries) {
    CheckTotals(*s.ttl_dbt_ntries, debits.size(), debits, PathOf(path, "TtlDbtNtries"), out);
  }
}

// Entries of a report spread over several pages cannot be totalled from one page.
bool SinglePage(const std::optional<Pagination1>& pgntn) {
  return !pgntn || (pgntn->last_pg_ind && pgntn->pg_nb == "1");
}

template <class R>
void CheckReportCommon(const R& r, const std::string& p, Issues& out) {
  CheckDateTimeAt(r.cre_dt_tm, PathOf(p, "CreDtTm"), out);
  if (r.fr_to_dt) {
    std::string fp = PathOf(p, "FrToDt");
    Report(out, PathOf(fp, "FrDtTm"), r.fr_to_dt->fr_dt_tm, CheckIsoDateTime(r.fr_to_dt->fr_dt_tm));
    Report(out, PathOf(fp, "ToDtTm"), r.fr_to_dt->to_dt_tm, CheckIsoDateTime(r.fr_to_dt->to_dt_tm));
  }
  CheckCodeAt(r.cpy_dplct_ind, kCopyDuplicateCodes, PathOf(p, "CpyDplctInd"), out);
  CheckAccount39(r.acct, PathOf(p, "Acct"), out);
  CheckOptionalAccountAt(r.rltd_acct, PathOf(p, "RltdAcct"), out);
  for (size_t i = 0; i < r.ntry.size(); ++i) {
    CheckEntry(r.ntry[i], PathAt(p, "Ntry", i), r.acct.ccy, out);
  }
}

void CheckGroupHeader(const ReportGroupHeader& g, const std::string& p, Issues& out) {
  Report(out, PathOf(p, "CreDtTm"), g.cre_dt_tm, CheckIsoDateTime(g.cre_dt_tm));
  CheckOptionalPartyAt(g.msg_rcpt, PathOf(p, "MsgRcpt"), out);
}

const CashBalance8* FindBalance(const std::vector<CashBalance8>& balances,
                                std::initializer_list<std::string_view> codes) {
  for (std::string_view code : codes) {
    for (const auto& b : balances) {
      if (b.tp.cd_or_prtry.cd && *b.tp.cd_or_prtry.cd == code) return &b;
    }
  }
  return nullptr;
}

void CheckBalances(const AccountStatement9& s, const std::string& p, Issues& out) {
  for (size_t i = 0; i < s.bal.size(); ++i) {
    const auto& b = s.bal[i];
    std::string bp = PathAt(p, "Bal", i);
    CheckCodeAt(b.tp.cd_or_prtry.cd, kBalanceTypeCodes, PathOf(PathOf(PathOf(bp, "Tp"), "CdOrPrtry"), "Cd"),
                out);
    CheckNonNegativeAmountAt(b.amt, PathOf(bp, "Amt"), out);
    CheckCurrencyOfAccount(b.amt, s.acct.ccy, PathOf(bp, "Amt"), out);
    Report(out, PathOf(bp, "CdtDbtInd"), b.cdt_dbt_ind, CheckCode(b.cdt_dbt_ind, kCreditDebitCodes));
    CheckDateAt(b.dt.dt, PathOf(PathOf(bp, "Dt"), "Dt"), out);
    CheckDateTimeAt(b.dt.dt_tm, PathOf(PathOf(bp, "Dt"), "DtTm"), out);
    for (size_t k = 0; k < b.cdt_line.size(); ++k) {
      CheckOptionalNonNegativeAmountAt(b.cdt_line[k].amt, PathOf(PathAt(bp, "CdtLine", k), "Amt"),
                                       out);
    }
    CheckAvailability(b.avlbty, bp, out);
  }
  const CashBalance8* opening = FindBalance(s.bal, {"OPBD", "PRCD"});
  const CashBalance8* closing = FindBalance(s.bal, {"CLBD"});
  if (!opening || !closing) {
    AddIssue(out, "BAL-001", "FF01", PathOf(p, "Bal"), "",
             std::string("a statement reports an opening booked balance (OPBD or PRCD) and a "
                         "closing booked balance (CLBD); missing: ") +
                 (!opening ? "opening" : "closing"));
    return;
  }
  if (!SinglePage(s.stmt_pgntn) || opening->amt.ccy != closing->amt.ccy) return;
  std::vector<Decimal> movements{Signed(opening->amt.value, opening->cdt_dbt_ind)};
  for (const auto& e : s.ntry) {
    if (!e.sts.cd || *e.sts.cd != "BOOK") continue;
    if (e.amt.ccy != opening->amt.ccy) return;
    movements.push_back(Signed(e.amt.value, e.cdt_dbt_ind));
  }
  auto expected = Sum(movements);
  Decimal reported = Signed(closing->amt.value, closing->cdt_dbt_ind);
  if (expected && !reported.NumericallyEquals(*expected)) {
    AddIssue(out, "BAL-002", "AM10",
             PathOf(PathAt(p, "Bal", static_cast<size_t>(closing - s.bal.data())), "Amt"),
             closing->amt.value.ToString(),
             "the closing booked balance " + reported.ToString() +
                 " differs from the opening balance plus booked entries, " + expected->ToString());
  }
}

}  // namespace

void ValidateCamt053(const Camt053& doc, const MessageType& /*type*/, Issues& out) {
  const std::string root = "/Document/BkToCstmrStmt";
  CheckGroupHeader(doc.grp_hdr, PathOf(root, "GrpHdr"), out);
  for (size_t i = 0; i < doc.stmt.size(); ++i) {
    const auto& s = doc.stmt[i];
    std::string sp = PathAt(root, "Stmt", i);
    CheckReportCommon(s, sp, out);
    CheckBalances(s, sp, out);
    if (s.txs_summry && SinglePage(s.stmt_pgntn)) {
      CheckSummary(*s.txs_summry, s.ntry, PathOf(sp, "TxsSummry"), out);
    }
  }
}

void ValidateCamt054(const Camt054& doc, const MessageType& /*type*/, Issues& out) {
  const std::string root = "/Document/BkToCstmrDbtCdtNtfctn";
  CheckGroupHeader(doc.grp_hdr, PathOf(root, "GrpHdr"), out);
  for (size_t i = 0; i < doc.ntfctn.size(); ++i) {
    const auto& n = doc.ntfctn[i];
    std::string np = PathAt(root, "Ntfctn", i);
    CheckReportCommon(n, np, out);
    if (n.txs_summry && SinglePage(n.ntfctn_pgntn)) {
      CheckSummary(*n.txs_summry, n.ntry, PathOf(np, "TxsSummry"), out);
    }
  }
}

}  // namespace gw::codecs
