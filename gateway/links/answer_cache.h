// File: gateway/links/answer_cache.h
//
// A bounded memory of answers already given, by (counterparty, message id), for
// receivers that must answer a resent message with the same answer instead of
// processing it twice. Least recently used entries are evicted beyond
// `capacity`. Durable deduplication belongs to the pipeline (database); this is
// for the demo counterparty and tests. Thread-safe.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "gateway/links/interfaces.h"

namespace gw::links {

class AnswerCache {
 public:
  explicit AnswerCache(std::size_t capacity = 100'000) : capacity_(capacity == 0 ? 1 : capacity) {}

  std::optional<InboundAnswer> Find(const std::string& counterparty, const std::string& message_id) {
    std::lock_guard lock(mu_);
    auto it = index_.find(Key(counterparty, message_id));
    if (it == index_.end()) return std::nullopt;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  // Stores the answer unless one is already stored; returns the stored one.
  InboundAnswer Put(const std::string& counterparty, const std::string& message_id,
                    InboundAnswer answer) {
    std::lock_guard lock(mu_);
    const std::string key = Key(counterparty, message_id);
    auto it = index_.find(key);
    if (it != index_.end()) return it->second->second;
    order_.emplace_front(key, std::move(answer));
    index_.emplace(key, order_.begin());
    if (order_.size() > capacity_) {
      index_.erase(order_.back().first);
      order_.pop_back();
    }
    return order_.front().second;
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return order_.size();
  }

 private:
  static std::string Key(const std::string& counterparty, const std::string& message_id) {
    return counterparty + '\x1f' + message_id;
  }

  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::list<std::pair<std::string, InboundAnswer>> order_;  // most recent first
  std::unordered_map<std::string, std::list<std::pair<std::string, InboundAnswer>>::iterator> index_;
};

}  // namespace gw::links
