// The handoff between a load's reading thread and its inserting thread: order, the bounded pool,
// a producer's failure after good batches, and a consumer that gives up.
#include "util/handoff.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace {

using depomap::util::Handoff;

struct Batch {
    std::vector<int> values;
};

TEST(Handoff, DeliversEveryBatchInOrderThroughASmallPool) {
    Handoff<Batch> handoff(2);
    std::thread producer([&] {
        for (int i = 0; i < 1000; ++i) {
            Batch *b = handoff.take_empty();
            ASSERT_NE(b, nullptr);
            b->values.assign(3, i);
            handoff.push(b);
        }
        handoff.finish();
    });
    std::vector<int> seen;
    while (Batch *b = handoff.pop()) {
        ASSERT_EQ(b->values.size(), 3U);
        seen.push_back(b->values.front());
        handoff.recycle(b);
    }
    producer.join();
    ASSERT_EQ(seen.size(), 1000U);
    for (int i = 0; i < 1000; ++i)
        EXPECT_EQ(seen[static_cast<std::size_t>(i)], i);
}

TEST(Handoff, TheProducersErrorComesAfterTheBatchesPushedBeforeIt) {
    Handoff<Batch> handoff(4);
    std::thread producer([&] {
        for (int i = 0; i < 3; ++i) {
            Batch *b = handoff.take_empty();
            b->values = {i};
            handoff.push(b);
        }
        handoff.fail(std::make_exception_ptr(std::runtime_error("feature 7: bad")));
    });
    producer.join(); // everything is queued before the consumer starts
    std::vector<int> seen;
    try {
        while (Batch *b = handoff.pop()) {
            seen.push_back(b->values.front());
            handoff.recycle(b);
        }
        FAIL() << "the producer's error was not rethrown";
    } catch (const std::runtime_error &e) {
        EXPECT_STREQ(e.what(), "feature 7: bad");
    }
    EXPECT_EQ(seen, (std::vector<int>{0, 1, 2}));
}

TEST(Handoff, CancelReleasesAProducerWaitingForRoom) {
    Handoff<Batch> handoff(1);
    int taken = 0;
    std::thread producer([&] {
        while (Batch *b = handoff.take_empty()) { // the second call waits: the pool is empty
            ++taken;
            handoff.push(b);
        }
        handoff.finish();
    });
    Batch *first = handoff.pop();
    ASSERT_NE(first, nullptr);
    handoff.cancel(); // without a recycle: the producer is (or will be) waiting for room
    producer.join();
    EXPECT_EQ(taken, 1);
    EXPECT_EQ(handoff.pop(), nullptr);
}

} // namespace
