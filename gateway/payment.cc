#include "gateway/payment.h"

#include <array>
#include <set>
#include <utility>

namespace gw::gateway {

namespace {
constexpr std::array<std::pair<PaymentStatus, std::string_view>, 13> kNames = {{
    {PaymentStatus::kInitiated, "INITIATED"},
    {PaymentStatus::kScreening, "SCREENING"},
    {PaymentStatus::kComplianceHold, "COMPLIANCE_HOLD"},
    {PaymentStatus::kPendingApproval, "PENDING_APPROVAL"},
    {PaymentStatus::kApproved, "APPROVED"},
    {PaymentStatus::kPosted, "POSTED"},
    {PaymentStatus::kQueued, "QUEUED"},
    {PaymentStatus::kSent, "SENT"},
    {PaymentStatus::kCompleted, "COMPLETED"},
    {PaymentStatus::kFailed, "FAILED"},
    {PaymentStatus::kRejected, "REJECTED"},
    {PaymentStatus::kCancelled, "CANCELLED"},
    {PaymentStatus::kException, "EXCEPTION"},
}};
}  // namespace

std::string_view ToString(PaymentStatus s) {
  for (const auto& [status, name] : kNames)
    if (status == s) return name;
  return "UNKNOWN";
}

std::optional<PaymentStatus> ParsePaymentStatus(std::string_view s) {
  for (const auto& [status, name] : kNames)
    if (name == s) return status;
  return std::nullopt;
}

const std::vector<PaymentStatus>& AllPaymentStatuses() {
  static const std::vector<PaymentStatus> all = [] {
    std::vector<PaymentStatus> v;
    for (const auto& [status, name] : kNames) v.push_back(status);
    return v;
  }();
  return all;
}

bool IsLegalTransition(PaymentStatus from, PaymentStatus to) {
  using S = PaymentStatus;
  static const std::set<std::pair<S, S>> kLegal = {
      {S::kInitiated, S::kScreening},        {S::kInitiated, S::kRejected},
      {S::kInitiated, S::kCancelled},        {S::kScreening, S::kComplianceHold},
      {S::kScreening, S::kPendingApproval},  {S::kScreening, S::kApproved},
      {S::kScreening, S::kRejected},         {S::kComplianceHold, S::kPendingApproval},
      {S::kComplianceHold, S::kApproved},    {S::kComplianceHold, S::kRejected},
      {S::kPendingApproval, S::kApproved},   {S::kPendingApproval, S::kRejected},
      {S::kPendingApproval, S::kCancelled},  {S::kApproved, S::kPosted},
      {S::kPendingApproval, S::kComplianceHold},  // re-screened after a list change
      {S::kApproved, S::kComplianceHold},
      {S::kApproved, S::kRejected},          {S::kApproved, S::kException},
      {S::kPosted, S::kQueued},              {S::kPosted, S::kException},
      {S::kPosted, S::kCompleted},  // inbound: credited and answered
      {S::kQueued, S::kSent},                {S::kQueued, S::kCompleted},
      {S::kQueued, S::kFailed},              {S::kQueued, S::kException},
      {S::kSent, S::kCompleted},             {S::kSent, S::kFailed},
      {S::kSent, S::kQueued},                {S::kSent, S::kException},
      {S::kException, S::kApproved},         {S::kException, S::kQueued},
      {S::kException, S::kFailed},
  };
  return kLegal.count({from, to}) > 0;
}

bool IsTerminal(PaymentStatus s) {
  return s == PaymentStatus::kCompleted || s == PaymentStatus::kFailed || s == PaymentStatus::kRejected ||
         s == PaymentStatus::kCancelled;
}

}  // namespace gw::gateway
