#include "gateway/payment_intake.h"

#include <optional>
#include <pqxx/pqxx>

namespace gw::gateway {

struct PaymentIntake::Request {
  std::vector<NewPayment> items;
  std::optional<StatusOr<std::vector<CreateResult>>> result;  // set once, under mu_
};

PaymentIntake::PaymentIntake(pg::PgPool& pool, PaymentIntakeOptions options) : pool_(pool), options_(options) {}

StatusOr<std::vector<CreateResult>> PaymentIntake::Create(std::vector<NewPayment> items) {
  if (items.empty()) return std::vector<CreateResult>{};
  Request me{std::move(items), std::nullopt};
  std::unique_lock lock(mu_);
  waiting_.push_back(&me);
  while (!me.result) {
    // Whoever finds a free slot runs the next transaction, for everyone
    // waiting at that moment (possibly not including itself).
    if (running_ < options_.max_concurrent && !waiting_.empty()) {
      std::vector<Request*> shared;
      std::size_t payments = 0;
      while (!waiting_.empty() &&
             (shared.empty() || payments + waiting_.front()->items.size() <= static_cast<std::size_t>(options_.max_batch))) {
        payments += waiting_.front()->items.size();
        shared.push_back(waiting_.front());
        waiting_.pop_front();
      }
      ++running_;
      lock.unlock();
      RunShared(shared);
      lock.lock();
      --running_;
      done_.notify_all();
      continue;
    }
    done_.wait(lock);
  }
  return std::move(*me.result);
}

// Runs outside mu_; publishes every request's result under it.
void PaymentIntake::RunShared(const std::vector<Request*>& requests) {
  std::vector<NewPayment> items;
  for (const Request* r : requests) items.insert(items.end(), r->items.begin(), r->items.end());
  std::vector<CreateResult> results;
  Status s = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(results, CreatePayments(txn, items));
    return Status::Ok();
  });
  std::vector<StatusOr<std::vector<CreateResult>>> outcomes;
  if (s.ok()) {
    std::size_t next = 0;
    for (const Request* r : requests) {
      std::vector<CreateResult> mine(results.begin() + static_cast<std::ptrdiff_t>(next),
                                     results.begin() + static_cast<std::ptrdiff_t>(next + r->items.size()));
      next += r->items.size();
      outcomes.emplace_back(std::move(mine));
    }
  } else if (requests.size() == 1 || s.code() == StatusCode::kDeadlineExceeded) {
    // Nothing to separate, or the outcome is unknown (the connection was lost
    // during commit): report it; the clients' idempotency keys make retries safe.
    for (std::size_t i = 0; i < requests.size(); ++i) outcomes.emplace_back(s);
  } else {
    // One request's payments may have sunk the others: each on its own.
    for (const Request* r : requests) {
      std::vector<CreateResult> own;
      Status one = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
        GW_ASSIGN_OR_RETURN(own, CreatePayments(txn, r->items));
        return Status::Ok();
      });
      if (one.ok()) outcomes.emplace_back(std::move(own));
      else outcomes.emplace_back(one);
    }
  }
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < requests.size(); ++i) requests[i]->result = std::move(outcomes[i]);
}

}  // namespace gw::gateway
