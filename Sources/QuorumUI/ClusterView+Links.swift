import QuorumCore

/// Faint lines between nodes, the paths messages travel: between every pair in a small cluster,
/// between the selected node and its peers in a bigger one. A link a partition cuts is drawn in
/// the partition's style, broken where it crosses the wall.
extension ClusterView {
    struct Link {
        var from: NodeID
        var to: NodeID
        var cut: Bool
    }

    /// Up to this many nodes (on boxed cards) every pair is linked; past it only the selected node's.
    static let fullMeshLimit = 6
    /// Past this many nodes no links are drawn (cards fill the area).
    static let linkLimit = 16

    func links(_ cards: CardLayout) -> [Link] {
        let count = snapshot.nodes.count
        guard count > 1, count <= ClusterView.linkLimit else { return [] }
        var pairs: [(NodeID, NodeID)] = []
        // Every pair only where boxed cards leave room between them; else the selected node's links.
        if count <= ClusterView.fullMeshLimit, cards.size == .boxed {
            for first in 0..<count { for second in (first + 1)..<count { pairs.append((NodeID(first), NodeID(second))) } }
        } else {
            let selected = snapshot.state.selected
            pairs = NodeID.all(count: count).filter { $0 != selected }.map { (selected, $0) }
        }
        let side = sideIndex()
        return pairs.map { pair in
            let cut = side[pair.0.index] != side[pair.1.index]
                || snapshot.cuts.contains { ($0.from == pair.0 && $0.to == pair.1) || ($0.from == pair.1 && $0.to == pair.0) }
            return Link(from: pair.0, to: pair.1, cut: cut)
        }
    }

    /// Each node's side of the current partition (all on side 0 when the network is whole).
    private func sideIndex() -> [Int] {
        var side = Array(repeating: 0, count: snapshot.nodes.count)
        for (index, members) in (snapshot.sides ?? []).enumerated() {
            for node in members where node.index < side.count { side[node.index] = index }
        }
        return side
    }

    func drawLink(_ link: Link, cards: CardLayout, into buffer: inout CellBuffer, area: Rect) {
        guard let from = cards.rect(of: link.from), let to = cards.rect(of: link.to) else { return }
        let start = ClusterView.center(from), end = ClusterView.center(to)
        let dx = end.x - start.x, dy = end.y - start.y
        let glyph = linkGlyph(dx: dx, dy: dy)
        let line = ClusterView.cells(from: start, to: end)
        guard line.count > 2 else { return }
        let points = line.filter { !from.contains(x: $0.x, y: $0.y) && !to.contains(x: $0.x, y: $0.y) }
        let breakAt = link.cut ? cutPoint(points, cards: cards) : nil
        for (index, point) in points.enumerated() where area.contains(x: point.x, y: point.y) {
            if let breakAt, abs(index - breakAt) <= 1 {
                if index == breakAt { buffer.put(snapshot.glyphs.cutLink, x: point.x, y: point.y, style: .partition) }
                continue
            }
            guard ClusterView.isFree(buffer[point.x, point.y]) else { continue }
            buffer.put(glyph, x: point.x, y: point.y, style: link.cut ? .partition : .link)
        }
    }

    /// The cells of a straight line, one per step along its longer axis, both ends included.
    static func cells(from start: (x: Double, y: Double), to end: (x: Double, y: Double)) -> [(x: Int, y: Int)] {
        let dx = end.x - start.x, dy = end.y - start.y
        let steps = Int(max(abs(dx), abs(dy)).rounded(.up))
        return (0...steps).map { step -> (x: Int, y: Int) in
            let t = steps == 0 ? 0 : Double(step) / Double(steps)
            return (Int((start.x + dx * t).rounded()), Int((start.y + dy * t).rounded()))
        }
    }

    /// Where a cut link is broken: where it crosses a wall, else half way.
    private func cutPoint(_ points: [(x: Int, y: Int)], cards: CardLayout) -> Int? {
        guard !points.isEmpty else { return nil }
        let walls = cards.regions.dropFirst().map { $0.x - 1 }
        return points.firstIndex { walls.contains($0.x) } ?? points.count / 2
    }

    /// A line's character by its slope as seen (a cell is about twice as tall as it is wide).
    func linkGlyph(dx: Double, dy: Double) -> Unicode.Scalar {
        let glyphs = snapshot.glyphs
        guard dx != 0 else { return glyphs.vertical }
        let seenSlope = abs(dy) * 2 / abs(dx)
        if seenSlope < 0.5 { return glyphs.horizontal }
        if seenSlope > 3 { return glyphs.vertical }
        return (dx > 0) == (dy < 0) ? glyphs.linkRising : glyphs.linkFalling
    }
}
