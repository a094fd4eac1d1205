/// Where each panel goes for a terminal size. Works from 80x24 up and uses extra room on larger
/// terminals: the cluster view grows first, then the event log.
public struct Layout: Equatable, Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public var header: Rect
    public var caption: Rect
    public var cluster: Rect
    public var detail: Rect
    public var logs: Rect
    public var events: Rect
    public var clocks: Rect
    /// The space-time diagram, when shown: the log strips', event log's and clocks' room together
    /// (they are hidden then); else empty.
    public var diagram: Rect
    public var footer: Rect
    public let isTooSmall: Bool

    /// `captionRows`: the caption line, or a lesson's band of several. `projector`: the room layout
    /// of a lesson, the cluster larger and the side panels reduced; `showsClocks`: false leaves the vector
    /// clocks out (width 0), the event log taking their room; `fullEvents`: the projector layout keeps
    /// the event log at the height it has outside it (a lesson's `show events`).
    /// `clusterOnly`: every panel but the cluster hidden (`Z` twice), for a projector. `diagram`: the
    /// space-time diagram takes the room of the log strips, the event log and the clocks, so that a
    /// column per node and a row per event fit at 80x24.
    public init(width: Int, height: Int, nodeCount: Int, captionRows: Int = 1, projector: Bool = false, showsClocks: Bool = true,
                fullEvents: Bool = false, clusterOnly: Bool = false, diagram showsDiagram: Bool = false) {
        isTooSmall = width < Layout.minimumWidth || height < Layout.minimumHeight
        header = Rect(x: 0, y: 0, width: width, height: 1)
        caption = Rect(x: 0, y: 1, width: width, height: captionRows)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        let body = max(0, height - 2 - captionRows)
        let logsHeight = min(nodeCount + 1, max(4, body / 3))
        let clusterMinimum = 8
        let bottomWanted = projector && !fullEvents ? max(4, (body - logsHeight) / 5) : max(nodeCount + 2, (body - logsHeight) * 2 / 5)
        let bottomHeight = max(4, min(bottomWanted, body - logsHeight - clusterMinimum))
        let clusterHeight = body - logsHeight - bottomHeight
        let detailWidth = projector ? max(26, width / 5) : max(30, width * 3 / 8)
        cluster = Rect(x: 0, y: 1 + captionRows, width: width - detailWidth - 1, height: clusterHeight)
        detail = Rect(x: width - detailWidth, y: 1 + captionRows, width: detailWidth, height: clusterHeight)
        logs = Rect(x: 0, y: 1 + captionRows + clusterHeight, width: width, height: logsHeight)
        let clocksWidth = showsClocks ? min(width / 2, 5 + nodeCount * 6) : 0
        let bottomY = 1 + captionRows + clusterHeight + logsHeight
        events = Rect(x: 0, y: bottomY, width: showsClocks ? width - clocksWidth - 1 : width, height: bottomHeight)
        clocks = Rect(x: width - clocksWidth, y: bottomY, width: clocksWidth, height: bottomHeight)
        let hidden = Rect(x: 0, y: height - 1, width: 0, height: 0)
        diagram = hidden
        if clusterOnly {
            cluster = Rect(x: 0, y: 1 + captionRows, width: width, height: body)
            (detail, logs, events, clocks) = (hidden, hidden, hidden, hidden)
        } else if showsDiagram {
            diagram = Rect(x: 0, y: logs.y, width: width, height: logsHeight + bottomHeight)
            (logs, events, clocks) = (hidden, hidden, hidden)
        }
    }
}
