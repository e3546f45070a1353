// File: codecs/iso20022/pacs002_rules.cc
#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/validators.h"
#include "codecs/rules.h"

namespace gw::codecs {
namespace {

void CheckReasons(const std::vector<StatusReasonInformation12>& reasons, const std::string& base,
                  Issues& out) {
  for (size_t i = 0; i < reasons.size(); ++i) {
    CheckStatusReason(reasons[i], PathAt(base, "StsRsnInf", i), out);
  }
}

bool HasReason(const std::vector<StatusReasonInformation12>& reasons) {
  for (const auto& r : reasons) {
    if (r.rsn) return true;
  }
  return false;
}

}  // namespace

void ValidatePacs002(const Pacs002& doc, const MessageType& type, Issues& out) {
  const std::string root = "/Document/FIToFIPmtStsRpt";
  const std::string gp = PathOf(root, "GrpHdr");
  Report(out, PathOf(gp, "CreDtTm"), doc.grp_hdr.cre_dt_tm, CheckIsoDateTime(doc.grp_hdr.cre_dt_tm));
  if (doc.grp_hdr.instg_agt) CheckAgent(*doc.grp_hdr.instg_agt, PathOf(gp, "InstgAgt"), out);
  if (doc.grp_hdr.instd_agt) CheckAgent(*doc.grp_hdr.instd_agt, PathOf(gp, "InstdAgt"), out);

  for (size_t i = 0; i < doc.orgnl_grp_inf_and_sts.size(); ++i) {
    const auto& g = doc.orgnl_grp_inf_and_sts[i];
    std::string p = PathAt(root, "OrgnlGrpInfAndSts", i);
    CheckDateTimeAt(g.orgnl_cre_dt_tm, PathOf(p, "OrgnlCreDtTm"), out);
    if (g.grp_sts) {
      Report(out, PathOf(p, "GrpSts"), *g.grp_sts, CheckCode(*g.grp_sts, kGroupStatusCodes));
      if (*g.grp_sts == "RJCT" && !HasReason(g.sts_rsn_inf)) {
        AddIssue(out, "STS-001", "FF01", PathOf(p, "GrpSts"), *g.grp_sts,
                 "a rejected group (RJCT) must say why in StsRsnInf/Rsn");
      }
    }
    CheckReasons(g.sts_rsn_inf, p, out);
    for (size_t k = 0; k < g.nb_of_txs_per_sts.size(); ++k) {
      const auto& n = g.nb_of_txs_per_sts[k];
      Report(out, PathOf(PathAt(p, "NbOfTxsPerSts", k), "DtldSts"), n.dtld_sts,
             CheckCode(n.dtld_sts, kTransactionStatusCodes));
    }
  }

  for (size_t i = 0; i < doc.tx_inf_and_sts.size(); ++i) {
    const auto& tx = doc.tx_inf_and_sts[i];
    std::string p = PathAt(root, "TxInfAndSts", i);
    if (tx.orgnl_grp_inf) {
      CheckDateTimeAt(tx.orgnl_grp_inf->orgnl_cre_dt_tm,
                      PathOf(PathOf(p, "OrgnlGrpInf"), "OrgnlCreDtTm"), out);
    }
    if (!tx.orgnl_end_to_end_id && !tx.orgnl_tx_id && !tx.orgnl_uetr && !tx.orgnl_instr_id) {
      AddIssue(out, "STS-002", "FF01", p, "",
               "the transaction status does not say which transaction it is about: give "
               "OrgnlEndToEndId, OrgnlTxId, OrgnlUETR or OrgnlInstrId");
    }
    if (tx.orgnl_uetr) Report(out, PathOf(p, "OrgnlUETR"), *tx.orgnl_uetr, CheckUuidV4(*tx.orgnl_uetr));
    if (tx.tx_sts) {
      Report(out, PathOf(p, "TxSts"), *tx.tx_sts, CheckCode(*tx.tx_sts, kTransactionStatusCodes));
      if (*tx.tx_sts == "RJCT" && !HasReason(tx.sts_rsn_inf)) {
        AddIssue(out, "STS-001", "FF01", PathOf(p, "TxSts"), *tx.tx_sts,
                 "a rejected transaction (RJCT) must say why in StsRsnInf/Rsn");
      }
    }
    CheckReasons(tx.sts_rsn_inf, p, out);
    for (size_t k = 0; k < tx.chrgs_inf.size(); ++k) {
      std::string cp = PathAt(p, "ChrgsInf", k);
      CheckNonNegativeAmountAt(tx.chrgs_inf[k].amt, PathOf(cp, "Amt"), out);
      CheckAgent(tx.chrgs_inf[k].agt, PathOf(cp, "Agt"), out);
    }
    CheckDateTimeAt(tx.accptnc_dt_tm, PathOf(p, "AccptncDtTm"), out);
    if (tx.fctv_intr_bk_sttlm_dt) {
      std::string fp = PathOf(p, "FctvIntrBkSttlmDt");
      CheckDateAt(tx.fctv_intr_bk_sttlm_dt->dt, PathOf(fp, "Dt"), out);
      CheckDateTimeAt(tx.fctv_intr_bk_sttlm_dt->dt_tm, PathOf(fp, "DtTm"), out);
    }
    if (tx.instg_agt) CheckAgent(*tx.instg_agt, PathOf(p, "InstgAgt"), out);
    if (tx.instd_agt) CheckAgent(*tx.instd_agt, PathOf(p, "InstdAgt"), out);
    if (tx.orgnl_tx_ref) {
      const auto& r = *tx.orgnl_tx_ref;
      std::string rp = PathOf(p, "OrgnlTxRef");
      if (r.intr_bk_sttlm_amt) CheckAmountAt(*r.intr_bk_sttlm_amt, PathOf(rp, "IntrBkSttlmAmt"), out);
      CheckDateAt(r.intr_bk_sttlm_dt, PathOf(rp, "IntrBkSttlmDt"), out);
      if (r.dbtr_acct) CheckAccount(*r.dbtr_acct, PathOf(rp, "DbtrAcct"), type.traits.account_id_optional, out);
      if (r.cdtr_acct) CheckAccount(*r.cdtr_acct, PathOf(rp, "CdtrAcct"), type.traits.account_id_optional, out);
      if (r.dbtr_agt) CheckAgent(*r.dbtr_agt, PathOf(rp, "DbtrAgt"), out);
      if (r.cdtr_agt) CheckAgent(*r.cdtr_agt, PathOf(rp, "CdtrAgt"), out);
    }
  }
}

}  // namespace gw::codecs
