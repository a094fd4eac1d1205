/// What the terminal loop drives: a live run, a re-simulated replay, or a replay drawn from the
/// recording alone. Keys go in, frames come out.
public protocol FrameSource: AnyObject {
    var state: UIState { get }
    var nodeCount: Int { get }
    /// True while time moves or something on screen still animates (else the loop sleeps).
    var isAnimating: Bool { get }
    var historyChecker: HistoryCheckWorker? { get set }
    func advance(wallMicros: Int64)
    func snapshot(glyphs: Glyphs, logTail: Int) -> FrameSnapshot
    @discardableResult func handle(_ key: KeyPress, layout: Layout?) -> Bool
    /// What takes over from this source, if something should (a fork becomes a live run; a replay
    /// this Quorum re-simulates differently becomes one drawn from the recording). The loop
    /// switches at once.
    func takeSuccessor() -> FrameSource?
}
