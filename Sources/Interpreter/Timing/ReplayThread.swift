import Foundation
import Synchronization

/// The timing replay on a host thread of its own, beside the functional phase (`Simulator`):
/// `TimingModel.run` with a `ReplayFeed` reads each core's records as the core publishes them
/// and waits where a core has not got that far. The replay is the same sequence of events as
/// after the functional phase (TimingModel.refill says why), so cycles do not change; only the
/// single-threaded replay no longer waits for the last core to finish.
final class ReplayThread: @unchecked Sendable {
    private var model: TimingModel
    private(set) var error: RuntimeError?
    private let done = DispatchSemaphore(value: 0)
    private let feed: ReplayFeed?

    init(_ model: TimingModel) {
        self.model = model
        feed = model.feed
    }

    func start() {
        let thread = Thread { [self] in
            error = model.run()
            done.signal()
        }
        thread.name = "vrun timing replay"
        thread.start()
    }

    /// Waits for the replay to finish and returns the model (its report and counters).
    func wait() -> TimingModel {
        done.wait()
        return model
    }

    /// The functional phase failed: stops the replay (it returns at its next wait) and waits.
    func cancel() {
        feed?.cancelled.store(true, ordering: .relaxed)
        done.wait()
    }
}
