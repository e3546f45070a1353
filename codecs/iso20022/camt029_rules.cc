// File: codecs/iso20022/camt029_rules.cc
//
// Business rules of camt.029 ResolutionOfInvestigation. Besides the shared checks:
//   RSN-001  a rejected cancellation (RJCR) carries no rejection reason        FF01
//   RSL-001  the numbers per cancellation status (NbOfTxsPerCxlSts/DtldNbOfTxs) do
//            not add up to the original number of transactions              AM18
#include <vector>

#include "codecs/iso20022/component_rules.h"
#include "codecs/iso20022/ext_messages.h"
#include "codecs/iso20022/ext_rules.h"
#include "codecs/iso20022/registry.h"

namespace gw::codecs {
namespace {

void CheckReasons(const std::vector<ReasonInformation>& reasons, const CodeSet& codes,
                  const std::string& base, std::string_view tag, Issues& out) {
  for (size_t k = 0; k < reasons.size(); ++k) {
    CheckReason(reasons[k], codes, PathAt(base, tag, k), out);
  }
}

// Status code, and a reason whenever the status is a rejection.
void CheckCancellationStatus(const std::optional<std::string>& status, const CodeSet& codes,
                             const std::vector<ReasonInformation>& reasons,
                             const std::string& base, std::string_view status_tag, Issues& out) {
  CheckCodeAt(status, codes, PathOf(base, status_tag), out);
  CheckReasons(reasons, kCancellationRejectionCodes, base, "CxlStsRsnInf", out);
  if (status && *status == "RJCR" && !HasReason(reasons)) {
    AddIssue(out, "RSN-001", "FF01", PathOf(base, "CxlStsRsnInf"), "",
             "a rejected cancellation must say why: add CxlStsRsnInf/Rsn with an "
             "ExternalPaymentCancellationRejection1Code");
  }
}

// NumberOfCancellationsPerStatus1 or NumberOfTransactionsPerStatus1, with the code set of
// its DtldSts.
template <typename PerStatus>
void CheckPerStatus(const std::vector<PerStatus>& per_status, const CodeSet& status_codes,
                    const std::optional<std::string>& original_count, const std::string& base,
                    Issues& out) {
  unsigned long long total = 0;
  bool readable = true;
  for (size_t k = 0; k < per_status.size(); ++k) {
    std::string p = PathAt(base, "NbOfTxsPerCxlSts", k);
    Report(out, PathOf(p, "DtldSts"), per_status[k].dtld_sts,
           CheckCode(per_status[k].dtld_sts, status_codes));
    const std::string& n = per_status[k].dtld_nb_of_txs;
    if (n.empty() || n.size() > 15 || n.find_first_not_of("0123456789") != std::string::npos) {
      readable = false;
    } else {
      total += std::stoull(n);
    }
  }
  if (!per_status.empty() && readable && original_count &&
      original_count->find_first_not_of("0123456789") == std::string::npos &&
      !original_count->empty() && original_count->size() <= 15 &&
      std::stoull(*original_count) != total) {
    AddIssue(out, "RSL-001", "AM18", PathOf(base, "NbOfTxsPerCxlSts"), std::to_string(total),
             "the numbers per cancellation status add up to " + std::to_string(total) +
                 " but the original group had " + *original_count + " transaction(s)");
  }
}

void CheckResolutionData(const ResolutionData1& r, const std::string& p, Issues& out) {
  CheckUetrAt(r.uetr, PathOf(p, "UETR"), out);
  CheckOptionalAmountAt(r.intr_bk_sttlm_amt, PathOf(p, "IntrBkSttlmAmt"), out);
  CheckDateAt(r.intr_bk_sttlm_dt, PathOf(p, "IntrBkSttlmDt"), out);
  CheckCodeAt(r.clr_chanl, kClearingChannelCodes, PathOf(p, "ClrChanl"), out);
  if (r.compstn) {
    std::string cp = PathOf(p, "Compstn");
    CheckAmountAt(r.compstn->amt, PathOf(cp, "Amt"), out);
    CheckAgent(r.compstn->dbtr_agt, PathOf(cp, "DbtrAgt"), out);
    CheckAgent(r.compstn->cdtr_agt, PathOf(cp, "CdtrAgt"), out);
  }
  CheckCharges7(r.chrgs, p, "Chrgs", out);
}

void CheckTransaction103(const PaymentTransaction103& tx, const std::string& p, Issues& out) {
  if (tx.rslvd_case) CheckCase(*tx.rslvd_case, PathOf(p, "RslvdCase"), out);
  CheckOriginalReference({&tx.orgnl_end_to_end_id, &tx.uetr, &tx.orgnl_instr_id}, p, out);
  CheckUetrAt(tx.uetr, PathOf(p, "UETR"), out);
  CheckCancellationStatus(tx.tx_cxl_sts, kCancellationIndividualStatusCodes, tx.cxl_sts_rsn_inf,
                          p, "TxCxlSts", out);
  CheckOptionalAmountAt(tx.orgnl_instd_amt, PathOf(p, "OrgnlInstdAmt"), out);
  if (tx.orgnl_reqd_exctn_dt) {
    std::string dp = PathOf(p, "OrgnlReqdExctnDt");
    CheckDateAt(tx.orgnl_reqd_exctn_dt->dt, PathOf(dp, "Dt"), out);
    CheckDateTimeAt(tx.orgnl_reqd_exctn_dt->dt_tm, PathOf(dp, "DtTm"), out);
  }
  CheckDateAt(tx.orgnl_reqd_colltn_dt, PathOf(p, "OrgnlReqdColltnDt"), out);
  if (tx.orgnl_tx_ref) CheckOriginalTransactionReference(*tx.orgnl_tx_ref, PathOf(p, "OrgnlTxRef"), out);
}

void CheckTransaction102(const PaymentTransaction102& tx, const std::string& p, Issues& out) {
  if (tx.rslvd_case) CheckCase(*tx.rslvd_case, PathOf(p, "RslvdCase"), out);
  if (tx.orgnl_grp_inf) CheckOriginalGroupInformation(*tx.orgnl_grp_inf, PathOf(p, "OrgnlGrpInf"), out);
  CheckOriginalReference({&tx.orgnl_end_to_end_id, &tx.orgnl_tx_id, &tx.orgnl_uetr,
                          &tx.orgnl_instr_id},
                         p, out);
  CheckUetrAt(tx.orgnl_uetr, PathOf(p, "OrgnlUETR"), out);
  CheckCancellationStatus(tx.tx_cxl_sts, kCancellationIndividualStatusCodes, tx.cxl_sts_rsn_inf,
                          p, "TxCxlSts", out);
  if (tx.rsltn_rltd_inf) CheckResolutionData(*tx.rsltn_rltd_inf, PathOf(p, "RsltnRltdInf"), out);
  CheckOptionalAmountAt(tx.orgnl_intr_bk_sttlm_amt, PathOf(p, "OrgnlIntrBkSttlmAmt"), out);
  CheckDateAt(tx.orgnl_intr_bk_sttlm_dt, PathOf(p, "OrgnlIntrBkSttlmDt"), out);
  CheckOptionalParty40At(tx.assgnr, PathOf(p, "Assgnr"), out);
  CheckOptionalParty40At(tx.assgne, PathOf(p, "Assgne"), out);
  if (tx.orgnl_tx_ref) CheckOriginalTransactionReference(*tx.orgnl_tx_ref, PathOf(p, "OrgnlTxRef"), out);
}

void CheckStatus(const InvestigationStatus5Choice& sts, const std::string& p, Issues& out) {
  int set = (sts.conf ? 1 : 0) + (sts.rjctd_mod.empty() ? 0 : 1) + (sts.dplct_of ? 1 : 0) +
            (sts.assgnmt_cxl_conf ? 1 : 0);
  if (set != 1) {
    AddIssue(out, "CHC-001", "FF01", p, "",
             "give exactly one investigation status: Conf, RjctdMod, DplctOf or AssgnmtCxlConf");
  }
  CheckCodeAt(sts.conf, kInvestigationConfirmationCodes, PathOf(p, "Conf"), out);
  for (size_t k = 0; k < sts.rjctd_mod.size(); ++k) {
    CheckCodeAt(sts.rjctd_mod[k].cd, kModificationRejectionCodes,
                PathOf(PathAt(p, "RjctdMod", k), "Cd"), out);
  }
  if (sts.dplct_of) CheckCase(*sts.dplct_of, PathOf(p, "DplctOf"), out);
}

}  // namespace

void ValidateCamt029(const Camt029& doc, const MessageType& /*type*/, Issues& out) {
  const std::string root = "/Document/RsltnOfInvstgtn";
  CheckCaseAssignment(doc.assgnmt, PathOf(root, "Assgnmt"), out);
  if (doc.rslvd_case) CheckCase(*doc.rslvd_case, PathOf(root, "RslvdCase"), out);
  CheckStatus(doc.sts, PathOf(root, "Sts"), out);

  for (size_t u = 0; u < doc.cxl_dtls.size(); ++u) {
    const auto& under = doc.cxl_dtls[u];
    std::string up = PathAt(root, "CxlDtls", u);
    if (under.orgnl_grp_inf_and_sts) {
      const auto& g = *under.orgnl_grp_inf_and_sts;
      std::string gp = PathOf(up, "OrgnlGrpInfAndSts");
      if (g.rslvd_case) CheckCase(*g.rslvd_case, PathOf(gp, "RslvdCase"), out);
      CheckDateTimeAt(g.orgnl_cre_dt_tm, PathOf(gp, "OrgnlCreDtTm"), out);
      CheckCancellationStatus(g.grp_cxl_sts, kGroupCancellationStatusCodes, g.cxl_sts_rsn_inf,
                              gp, "GrpCxlSts", out);
      CheckPerStatus(g.nb_of_txs_per_cxl_sts, kTransactionIndividualStatusCodes, g.orgnl_nb_of_txs,
                     gp, out);
    }
    for (size_t i = 0; i < under.orgnl_pmt_inf_and_sts.size(); ++i) {
      const auto& pi = under.orgnl_pmt_inf_and_sts[i];
      std::string pp = PathAt(up, "OrgnlPmtInfAndSts", i);
      if (pi.rslvd_case) CheckCase(*pi.rslvd_case, PathOf(pp, "RslvdCase"), out);
      if (pi.orgnl_grp_inf) CheckOriginalGroupInformation(*pi.orgnl_grp_inf, PathOf(pp, "OrgnlGrpInf"), out);
      CheckCancellationStatus(pi.pmt_inf_cxl_sts, kGroupCancellationStatusCodes,
                              pi.cxl_sts_rsn_inf, pp, "PmtInfCxlSts", out);
      CheckPerStatus(pi.nb_of_txs_per_cxl_sts, kCancellationIndividualStatusCodes,
                     pi.orgnl_nb_of_txs, pp, out);
      for (size_t k = 0; k < pi.tx_inf_and_sts.size(); ++k) {
        CheckTransaction103(pi.tx_inf_and_sts[k], PathAt(pp, "TxInfAndSts", k), out);
      }
    }
    for (size_t i = 0; i < under.tx_inf_and_sts.size(); ++i) {
      CheckTransaction102(under.tx_inf_and_sts[i], PathAt(up, "TxInfAndSts", i), out);
    }
  }

  if (doc.mod_dtls) {
    const auto& m = *doc.mod_dtls;
    std::string mp = PathOf(root, "ModDtls");
    if (m.rslvd_case) CheckCase(*m.rslvd_case, PathOf(mp, "RslvdCase"), out);
    CheckUetrAt(m.orgnl_uetr, PathOf(mp, "OrgnlUETR"), out);
    CheckReasons(m.mod_sts_rsn_inf, kModificationRejectionCodes, mp, "ModStsRsnInf", out);
    if (m.rsltn_rltd_inf) CheckResolutionData(*m.rsltn_rltd_inf, PathOf(mp, "RsltnRltdInf"), out);
    CheckOptionalAmountAt(m.orgnl_intr_bk_sttlm_amt, PathOf(mp, "OrgnlIntrBkSttlmAmt"), out);
    CheckDateAt(m.orgnl_intr_bk_sttlm_dt, PathOf(mp, "OrgnlIntrBkSttlmDt"), out);
    CheckOptionalParty40At(m.assgnr, PathOf(mp, "Assgnr"), out);
    CheckOptionalParty40At(m.assgne, PathOf(mp, "Assgne"), out);
    if (m.orgnl_tx_ref) CheckOriginalTransactionReference(*m.orgnl_tx_ref, PathOf(mp, "OrgnlTxRef"), out);
  }
  if (doc.clm_non_rct_dtls && doc.clm_non_rct_dtls->accptd) {
    std::string cp = PathOf(PathOf(root, "ClmNonRctDtls"), "Accptd");
    const auto& a = *doc.clm_non_rct_dtls->accptd;
    Report(out, PathOf(cp, "DtPrcd"), a.dt_prcd, CheckIsoDate(a.dt_prcd));
    CheckOptionalAgentAt(a.orgnl_nxt_agt, PathOf(cp, "OrgnlNxtAgt"), out);
  }
  for (size_t i = 0; i < doc.stmt_dtls.size(); ++i) {
    std::string sp = PathAt(root, "StmtDtls", i);
    const auto& s = doc.stmt_dtls[i];
    CheckUetrAt(s.uetr, PathOf(sp, "UETR"), out);
    CheckOptionalNonNegativeAmountAt(s.crrctd_amt, PathOf(sp, "CrrctdAmt"), out);
  }
  if (doc.crrctn_tx) {
    std::string cp = PathOf(root, "CrrctnTx");
    if (doc.crrctn_tx->initn) {
      const auto& c = *doc.crrctn_tx->initn;
      std::string ip = PathOf(cp, "Initn");
      CheckUetrAt(c.uetr, PathOf(ip, "UETR"), out);
      CheckAmountAt(c.instd_amt, PathOf(ip, "InstdAmt"), out);
      CheckDateAt(c.reqd_colltn_dt, PathOf(ip, "ReqdColltnDt"), out);
    }
    if (doc.crrctn_tx->intr_bk) {
      const auto& c = *doc.crrctn_tx->intr_bk;
      std::string ip = PathOf(cp, "IntrBk");
      CheckUetrAt(c.uetr, PathOf(ip, "UETR"), out);
      CheckAmountAt(c.intr_bk_sttlm_amt, PathOf(ip, "IntrBkSttlmAmt"), out);
      Report(out, PathOf(ip, "IntrBkSttlmDt"), c.intr_bk_sttlm_dt, CheckIsoDate(c.intr_bk_sttlm_dt));
    }
  }
  if (doc.rsltn_rltd_inf) CheckResolutionData(*doc.rsltn_rltd_inf, PathOf(root, "RsltnRltdInf"), out);
}

}  // namespace gw::codecs
