// File: codecs/iso20022/pain001_rules.cc
//
// Business rules of pain.001 CustomerCreditTransferInitiation. Besides the shared checks:
//   PMT-001  a transfer (TRF/TRA) without a creditor (RR03) or creditor account (AC01)
//   PMT-002  cheque instructions (ChqInstr) on a payment whose method is not CHK     FF01
// GRP-001/GRP-002 apply to the group header (all transactions) and to each PmtInf.
#include <vector>

#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/ext_messages.h"
#include "codecs/iso20022/ext_rules.h"
#include "codecs/iso20022/registry.h"

namespace gw::codecs {
namespace {

// The amount a transaction moves, in the terms the debtor gave it.
const Amount* AmountOf(const CreditTransferTransaction34& tx) {
  if (tx.amt.instd_amt) return &*tx.amt.instd_amt;
  if (tx.amt.eqvt_amt) return &tx.amt.eqvt_amt->amt;
  return nullptr;
}

void CheckTransaction(const CreditTransferTransaction34& tx, const std::string& p,
                      const std::string& pmt_mtd, Issues& out) {
  CheckUetrAt(tx.pmt_id.uetr, PathOf(PathOf(p, "PmtId"), "UETR"), out);
  if (tx.pmt_tp_inf) CheckCodeAt(tx.pmt_tp_inf->instr_prty, kPriorityCodes, PathOf(PathOf(p, "PmtTpInf"), "InstrPrty"), out);
  std::string ap = PathOf(p, "Amt");
  int set = (tx.amt.instd_amt ? 1 : 0) + (tx.amt.eqvt_amt ? 1 : 0);
  if (set != 1) {
    AddIssue(out, "CHC-001", "FF01", ap, "",
             "give the amount either as InstdAmt or as EqvtAmt, exactly one of them");
  }
  if (tx.amt.instd_amt) CheckAmountAt(*tx.amt.instd_amt, PathOf(ap, "InstdAmt"), out);
  if (tx.amt.eqvt_amt) {
    std::string ep = PathOf(ap, "EqvtAmt");
    CheckAmountAt(tx.amt.eqvt_amt->amt, PathOf(ep, "Amt"), out);
    Report(out, PathOf(ep, "CcyOfTrf"), tx.amt.eqvt_amt->ccy_of_trf,
           CheckCurrency(tx.amt.eqvt_amt->ccy_of_trf));
  }
  if (tx.xchg_rate_inf && tx.xchg_rate_inf->unit_ccy) {
    Report(out, PathOf(PathOf(p, "XchgRateInf"), "UnitCcy"), *tx.xchg_rate_inf->unit_ccy,
           CheckCurrency(*tx.xchg_rate_inf->unit_ccy));
  }
  CheckCodeAt(tx.chrg_br, kChargeBearerCodes, PathOf(p, "ChrgBr"), out);
  if (tx.chq_instr) {
    CheckDateAt(tx.chq_instr->chq_mtrty_dt, PathOf(PathOf(p, "ChqInstr"), "ChqMtrtyDt"), out);
    if (pmt_mtd != "CHK") {
      AddIssue(out, "PMT-002", "FF01", PathOf(p, "ChqInstr"), pmt_mtd,
               "cheque instructions are only allowed when the payment method (PmtMtd) is CHK");
    }
  }
  CheckOptionalPartyAt(tx.ultmt_dbtr, PathOf(p, "UltmtDbtr"), out);
  CheckOptionalAgentAt(tx.intrmy_agt1, PathOf(p, "IntrmyAgt1"), out);
  CheckOptionalAccountAt(tx.intrmy_agt1_acct, PathOf(p, "IntrmyAgt1Acct"), out);
  CheckOptionalAgentAt(tx.intrmy_agt2, PathOf(p, "IntrmyAgt2"), out);
  CheckOptionalAccountAt(tx.intrmy_agt2_acct, PathOf(p, "IntrmyAgt2Acct"), out);
  CheckOptionalAgentAt(tx.intrmy_agt3, PathOf(p, "IntrmyAgt3"), out);
  CheckOptionalAccountAt(tx.intrmy_agt3_acct, PathOf(p, "IntrmyAgt3Acct"), out);
  CheckOptionalAgentAt(tx.cdtr_agt, PathOf(p, "CdtrAgt"), out);
  CheckOptionalAccountAt(tx.cdtr_agt_acct, PathOf(p, "CdtrAgtAcct"), out);
  CheckOptionalPartyAt(tx.cdtr, PathOf(p, "Cdtr"), out);
  CheckOptionalAccountAt(tx.cdtr_acct, PathOf(p, "CdtrAcct"), out);
  CheckOptionalPartyAt(tx.ultmt_cdtr, PathOf(p, "UltmtCdtr"), out);
  if (pmt_mtd == "TRF" || pmt_mtd == "TRA") {
    if (!tx.cdtr) {
      AddIssue(out, "PMT-001", "RR03", PathOf(p, "Cdtr"), "",
               "a credit transfer names its creditor (Cdtr)");
    }
    if (!tx.cdtr_acct) {
      AddIssue(out, "PMT-001", "AC01", PathOf(p, "CdtrAcct"), "",
               "a credit transfer names the creditor's account (CdtrAcct)");
    }
  }
  for (size_t k = 0; k < tx.rgltry_rptg.size(); ++k) {
    std::string rp = PathAt(p, "RgltryRptg", k);
    const auto& r = tx.rgltry_rptg[k];
    if (r.authrty && r.authrty->ctry) {
      Report(out, PathOf(PathOf(rp, "Authrty"), "Ctry"), *r.authrty->ctry,
             CheckCountry(*r.authrty->ctry));
    }
    for (size_t d = 0; d < r.dtls.size(); ++d) {
      std::string dp = PathAt(rp, "Dtls", d);
      CheckDateAt(r.dtls[d].dt, PathOf(dp, "Dt"), out);
      if (r.dtls[d].ctry) Report(out, PathOf(dp, "Ctry"), *r.dtls[d].ctry, CheckCountry(*r.dtls[d].ctry));
      CheckOptionalAmountAt(r.dtls[d].amt, PathOf(dp, "Amt"), out);
    }
  }
}

}  // namespace

void ValidatePain001(const Pain001& doc, const MessageType& /*type*/, Issues& out) {
  const std::string root = "/Document/CstmrCdtTrfInitn";
  const std::string gp = PathOf(root, "GrpHdr");
  const auto& grp = doc.grp_hdr;
  Report(out, PathOf(gp, "CreDtTm"), grp.cre_dt_tm, CheckIsoDateTime(grp.cre_dt_tm));
  CheckParty(grp.initg_pty, PathOf(gp, "InitgPty"), out);
  CheckOptionalAgentAt(grp.fwdg_agt, PathOf(gp, "FwdgAgt"), out);

  size_t total_count = 0;
  std::vector<Decimal> all_amounts;
  for (size_t i = 0; i < doc.pmt_inf.size(); ++i) {
    const auto& pi = doc.pmt_inf[i];
    std::string pp = PathAt(root, "PmtInf", i);
    Report(out, PathOf(pp, "PmtMtd"), pi.pmt_mtd, CheckCode(pi.pmt_mtd, kPaymentMethodCodes));
    if (pi.pmt_tp_inf) CheckCodeAt(pi.pmt_tp_inf->instr_prty, kPriorityCodes, PathOf(PathOf(pp, "PmtTpInf"), "InstrPrty"), out);
    std::string dp = PathOf(pp, "ReqdExctnDt");
    CheckDateAt(pi.reqd_exctn_dt.dt, PathOf(dp, "Dt"), out);
    CheckDateTimeAt(pi.reqd_exctn_dt.dt_tm, PathOf(dp, "DtTm"), out);
    CheckDateAt(pi.poolg_adjstmnt_dt, PathOf(pp, "PoolgAdjstmntDt"), out);
    CheckParty(pi.dbtr, PathOf(pp, "Dbtr"), out);
    CheckAccount(pi.dbtr_acct, PathOf(pp, "DbtrAcct"), /*id_optional=*/false, out);
    CheckAgent(pi.dbtr_agt, PathOf(pp, "DbtrAgt"), out);
    CheckOptionalAccountAt(pi.dbtr_agt_acct, PathOf(pp, "DbtrAgtAcct"), out);
    CheckOptionalPartyAt(pi.ultmt_dbtr, PathOf(pp, "UltmtDbtr"), out);
    CheckCodeAt(pi.chrg_br, kChargeBearerCodes, PathOf(pp, "ChrgBr"), out);
    CheckOptionalAccountAt(pi.chrgs_acct, PathOf(pp, "ChrgsAcct"), out);
    CheckOptionalAgentAt(pi.chrgs_acct_agt, PathOf(pp, "ChrgsAcctAgt"), out);

    std::vector<Decimal> amounts;
    for (size_t t = 0; t < pi.cdt_trf_tx_inf.size(); ++t) {
      const auto& tx = pi.cdt_trf_tx_inf[t];
      CheckTransaction(tx, PathAt(pp, "CdtTrfTxInf", t), pi.pmt_mtd, out);
      if (const Amount* a = AmountOf(tx)) amounts.push_back(a->value);
    }
    if (pi.nb_of_txs) {
      CheckNumberOfTransactions(*pi.nb_of_txs, pi.cdt_trf_tx_inf.size(), PathOf(pp, "NbOfTxs"), out);
    }
    if (pi.ctrl_sum) CheckControlSum(*pi.ctrl_sum, amounts, PathOf(pp, "CtrlSum"), out);
    total_count += pi.cdt_trf_tx_inf.size();
    all_amounts.insert(all_amounts.end(), amounts.begin(), amounts.end());
  }
  CheckNumberOfTransactions(grp.nb_of_txs, total_count, PathOf(gp, "NbOfTxs"), out);
  if (grp.ctrl_sum) CheckControlSum(*grp.ctrl_sum, all_amounts, PathOf(gp, "CtrlSum"), out);
}

}  // namespace gw::codecs
