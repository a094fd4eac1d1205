import QuorumCore

/// Where each node's card goes in the cluster area, and how big the cards are: boxed cards when
/// the room allows, today's two-line card otherwise, a one-line tag when even those do not fit.
/// Cards never overlap each other or leave the area (its last row is kept for the clients, the
/// cut links and the count of nodes not shown); when not every node fits, the nodes around the
/// selected one are shown and the rest counted.
struct CardLayout {
    enum Size: CaseIterable {
        case boxed, compact, tiny

        var width: Int {
            switch self {
            case .boxed: return 20
            case .compact: return 12
            case .tiny: return 5
            }
        }

        var height: Int {
            switch self {
            case .boxed: return 5
            case .compact: return 2
            case .tiny: return 1
            }
        }

        /// Columns between two cards side by side.
        var gap: Int { self == .tiny ? 1 : 2 }
    }

    let size: Size
    /// Top-left corner of each node's card by node index, nil for a node there is no room for.
    let positions: [(x: Int, y: Int)?]
    /// Column regions of a partition's sides (or of datacenters), when the nodes are split.
    let regions: [Rect]
    /// The ring of tokens the cards stand round, when the nodes sit on one.
    var ring: RingGeometry? = nil

    var hiddenCount: Int { positions.count { $0 == nil } }

    func rect(of node: NodeID) -> Rect? {
        guard node.index < positions.count, let position = positions[node.index] else { return nil }
        return Rect(x: position.x, y: position.y, width: size.width, height: size.height)
    }

    /// The node whose card covers the cell, if one does.
    func node(atX x: Int, y: Int) -> NodeID? {
        (0..<positions.count).map { NodeID($0) }.first { rect(of: $0)?.contains(x: x, y: y) ?? false }
    }

    /// Boxed cards only from about 120x35, where the cluster area has room for them.
    static func allowsBoxed(_ area: Rect) -> Bool { area.width >= 60 && area.height >= 14 }

    static func make(snapshot: FrameSnapshot, area: Rect) -> CardLayout {
        let count = snapshot.nodes.count
        let selected = snapshot.state.selected
        let sizes = Size.allCases.filter { $0 != .boxed || allowsBoxed(area) }
        if let ringLayout = ring(snapshot: snapshot, area: area) { return ringLayout }
        if let groups = splitGroups(snapshot), groups.count > 1 {
            let regions = sideRegions(groups, area: area)
            for size in sizes {
                var positions = [(x: Int, y: Int)?](repeating: nil, count: count)
                var fits = true
                for (group, region) in zip(groups, regions) {
                    let inner = Rect(x: region.x + 1, y: area.y + 1, width: region.width - 1, height: area.height - 2)
                    fits = fits && place(group, size: size, in: inner, selected: selected, into: &positions, allowHiding: size == .tiny)
                }
                if fits || size == .tiny { return CardLayout(size: size, positions: positions, regions: regions) }
            }
        }
        let body = Rect(x: area.x, y: area.y, width: area.width, height: area.height - 1)
        if count <= 9 {
            for size in sizes where size != .tiny {
                if let ring = ringPositions(count: count, size: size, area: body) {
                    return CardLayout(size: size, positions: ring, regions: [])
                }
            }
        }
        for size in sizes {
            var positions = [(x: Int, y: Int)?](repeating: nil, count: count)
            if place(NodeID.all(count: count), size: size, in: body, selected: selected, into: &positions, allowHiding: size == .tiny) || size == .tiny {
                return CardLayout(size: size, positions: positions, regions: [])
            }
        }
        preconditionFailure("the tiny size always places")
    }

    /// The groups the nodes are split into: the sides of a partition, else datacenters.
    private static func splitGroups(_ snapshot: FrameSnapshot) -> [[NodeID]]? {
        if let sides = snapshot.sides, sides.count > 1 { return sides }
        if snapshot.sides == nil, let groups = snapshot.datacenters?.groups, groups.count > 1 { return groups.map(\.nodes) }
        return nil
    }

    /// Each group gets width in proportion to its nodes, with a column for the wall between them.
    static func sideRegions(_ groups: [[NodeID]], area: Rect) -> [Rect] {
        let total = max(1, groups.map { max(1, $0.count) }.reduce(0, +))
        var regions: [Rect] = []
        var x = area.x
        for (index, group) in groups.enumerated() {
            let width = index == groups.count - 1 ? area.maxX - x : area.width * max(1, group.count) / total
            regions.append(Rect(x: x, y: area.y, width: width, height: area.height))
            x += width + 1
        }
        return regions
    }

    /// Cards in a grid spread over the area (as few columns as the rows allow, so links between
    /// them can be seen); with `allowHiding`, as many as fit, chosen around the selected node.
    /// Returns whether every node got a place.
    private static func place(_ nodes: [NodeID], size: Size, in area: Rect, selected: NodeID,
                              into positions: inout [(x: Int, y: Int)?], allowHiding: Bool) -> Bool {
        guard !nodes.isEmpty else { return true }
        let maximumColumns = max(0, (area.width - 1 + size.gap) / (size.width + size.gap))
        let spacedRows = max(0, (area.height + 1) / (size.height + 1))
        let denseRows = max(0, area.height / size.height)
        let spaced = maximumColumns * spacedRows >= nodes.count
        let rowsAvailable = spaced ? spacedRows : denseRows
        let capacity = maximumColumns * rowsAvailable
        guard capacity >= nodes.count || allowHiding, capacity > 0 else { return false }
        var shown = nodes
        if nodes.count > capacity {
            let centre = nodes.firstIndex(of: selected) ?? 0
            let first = min(max(0, centre - capacity / 2), nodes.count - capacity)
            shown = Array(nodes[first..<(first + capacity)])
        }
        let columns = min(maximumColumns, (shown.count + rowsAvailable - 1) / rowsAvailable)
        let rows = (shown.count + columns - 1) / columns
        let columnStep = max(size.width + size.gap, (area.width - 1) / columns)
        let rowStep = spaced ? max(size.height + 1, (area.height + 1) / rows) : size.height
        for (slot, node) in shown.enumerated() {
            let column = slot % columns, row = slot / columns
            let x = area.x + 1 + column * columnStep + (columnStep - size.width - size.gap) / 2
            let y = area.y + row * rowStep + (spaced ? (rowStep - size.height - 1) / 2 : 0)
            positions[node.index] = (x, y)
        }
        return shown.count == nodes.count
    }

    /// Nodes on a ring, if cards of this size fit there without touching.
    private static func ringPositions(count: Int, size: Size, area: Rect) -> [(x: Int, y: Int)?]? {
        let usableWidth = Double(max(0, area.width - size.width - 2))
        let usableHeight = Double(max(0, area.height - size.height))
        guard area.width >= size.width + 2, area.height >= size.height else { return nil }
        let positions: [(x: Int, y: Int)] = (0..<count).map { index in
            if count == 1 { return (area.x + Int(usableWidth / 2) + 1, area.y + Int(usableHeight / 2)) }
            let (x, y) = RingGeometry.point(Double(index) / Double(count), centerX: usableWidth / 2, centerY: usableHeight / 2,
                                            radiusX: usableWidth / 2, radiusY: usableHeight / 2)
            return (area.x + 1 + Int(x.rounded()), area.y + Int(y.rounded()))
        }
        return anyTouch(positions, size: size) ? nil : positions
    }

    /// True when two cards overlap or touch side by side (a column apart at least).
    static func anyTouch(_ positions: [(x: Int, y: Int)], size: Size) -> Bool {
        for first in positions.indices {
            for second in positions.indices where second > first {
                let a = positions[first], b = positions[second]
                let apartX = a.x + size.width + 1 <= b.x || b.x + size.width + 1 <= a.x
                let apartY = a.y + size.height <= b.y || b.y + size.height <= a.y
                if !apartX && !apartY { return true }
            }
        }
        return false
    }
}
