// File: gateway/payment_intake.h
//
// Creating payments for many API requests at once: requests that arrive while
// a transaction is running wait together and are created in the next one
// (CreatePayments: one statement and one commit for all of them), like a
// database's group commit. A request returns only after the transaction that
// holds its payments has committed, so a 201 always means a durable payment.
//
// At most `max_concurrent` transactions run at once; each takes up to
// `max_batch` payments. If a shared transaction fails, its requests are run
// again one by one, so one request's problem never fails another's.
//
// Thread safety: Create() may be called from any number of threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "core/pg/pool.h"
#include "core/status.h"
#include "gateway/payment_store.h"

namespace gw::gateway {

struct PaymentIntakeOptions {
  int max_batch = 64;
  int max_concurrent = 2;
};

class PaymentIntake {
 public:
  // `pool` must outlive the intake.
  PaymentIntake(pg::PgPool& pool, PaymentIntakeOptions options = {});

  // Creates the payments of one request (several for a message with several
  // transactions, all or none), in a transaction shared with other requests.
  // Blocks until it has committed. One result per item, as CreatePayments.
  StatusOr<std::vector<CreateResult>> Create(std::vector<NewPayment> items);

 private:
  struct Request;
  void RunShared(const std::vector<Request*>& requests);

  pg::PgPool& pool_;
  const PaymentIntakeOptions options_;
  std::mutex mu_;
  std::condition_variable done_;
  std::deque<Request*> waiting_;  // GUARDED_BY(mu_)
  int running_ = 0;               // GUARDED_BY(mu_): transactions in flight
};

}  // namespace gw::gateway
