#pragma once
// Hands batches from one producing thread to one consuming thread through a fixed pool, so the
// memory in flight is bounded and the batches' buffers are reused rather than reallocated.
//
//   producer: Batch *b = h.take_empty(); fill *b; h.push(b); ...; h.finish() or h.fail(e)
//   consumer: while (Batch *b = h.pop()) { use *b; h.recycle(b); }
//
// pop() returns the batches in the order they were pushed. After fail(e), pop() still returns the
// batches pushed before the failure, then rethrows e: what the consumer does with earlier batches
// happens before the failure, as it would have in one thread. cancel() (the consumer giving up)
// makes take_empty() return nullptr so the producer stops at its next batch.
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <vector>

namespace depomap::util {

template <typename Batch> class Handoff {
  public:
    explicit Handoff(std::size_t batches) : pool_(batches) {
        for (auto &b : pool_)
            empty_.push_back(&b);
    }
    Handoff(const Handoff &) = delete;
    Handoff &operator=(const Handoff &) = delete;

    /// A batch to fill, or nullptr once the consumer has cancelled.
    Batch *take_empty() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return cancelled_ || !empty_.empty(); });
        if (cancelled_)
            return nullptr;
        Batch *b = empty_.front();
        empty_.pop_front();
        return b;
    }

    void push(Batch *b) {
        {
            std::lock_guard lock(mutex_);
            full_.push_back(b);
        }
        changed_.notify_all();
    }

    /// No more batches.
    void finish() { end(nullptr); }
    /// No more batches: the producer failed with `error`.
    void fail(std::exception_ptr error) { end(std::move(error)); }

    /// The next batch in order, nullptr at the end, or the producer's error once the batches
    /// before it are consumed.
    Batch *pop() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return ended_ || !full_.empty(); });
        if (!full_.empty()) {
            Batch *b = full_.front();
            full_.pop_front();
            return b;
        }
        if (error_)
            std::rethrow_exception(error_);
        return nullptr;
    }

    void recycle(Batch *b) {
        {
            std::lock_guard lock(mutex_);
            empty_.push_back(b);
        }
        changed_.notify_all();
    }

    void cancel() {
        {
            std::lock_guard lock(mutex_);
            cancelled_ = true;
        }
        changed_.notify_all();
    }

  private:
    void end(std::exception_ptr error) {
        {
            std::lock_guard lock(mutex_);
            ended_ = true;
            error_ = std::move(error);
        }
        changed_.notify_all();
    }

    std::vector<Batch> pool_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Batch *> empty_, full_;
    bool ended_ = false, cancelled_ = false;
    std::exception_ptr error_;
};

} // namespace depomap::util
