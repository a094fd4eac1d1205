import QuorumCore

/// Message mode on the cluster: the selected message's path drawn in the selection's style from
/// sender to receiver, and the message itself on it, above every other message. The geometry is
/// shared with a mouse click, which picks the message drawn under it.
extension ClusterView {
    /// Where the clients' endpoint sits: the label at the bottom left of the cluster area.
    static func clientsRect(area: Rect, glyphs: Glyphs) -> Rect {
        Rect(x: area.x + 1, y: area.maxY - 1, width: DisplayWidth.of(glyphs.clients), height: 1)
    }

    static func endpointRect(_ endpoint: Endpoint, cards: CardLayout, clients: Rect) -> Rect? {
        switch endpoint {
        case .node(let node): return cards.rect(of: node)
        case .client: return clients
        }
    }

    /// The cell a message in flight is drawn at (nil when an end of it is not shown).
    static func messagePoint(_ flight: FrameSnapshot.Flight, cards: CardLayout, clients: Rect) -> (x: Int, y: Int)? {
        guard let from = endpointRect(flight.from, cards: cards, clients: clients),
              let to = endpointRect(flight.to, cards: cards, clients: clients) else { return nil }
        return pointAlong(from: from, to: to, progress: flight.progress)
    }

    /// The selected message's path, then the message on it (drawn over what else lies there,
    /// never over a card).
    func drawSelectedMessage(cards: CardLayout, clients: Rect, into buffer: inout CellBuffer, area: Rect) {
        guard let flight = snapshot.flights.first(where: \.isSelected),
              let from = ClusterView.endpointRect(flight.from, cards: cards, clients: clients),
              let to = ClusterView.endpointRect(flight.to, cards: cards, clients: clients) else { return }
        let start = ClusterView.pointAlong(from: from, to: to, progress: 0), end = ClusterView.pointAlong(from: from, to: to, progress: 1)
        let glyph = linkGlyph(dx: Double(end.x - start.x), dy: Double(end.y - start.y))
        for (x, y) in ClusterView.cells(from: (Double(start.x), Double(start.y)), to: (Double(end.x), Double(end.y))) {
            guard area.contains(x: x, y: y), ClusterView.isFree(buffer[x, y]), cards.node(atX: x, y: y) == nil else { continue }
            buffer.put(glyph, x: x, y: y, style: .selected)
        }
        let point = ClusterView.pointAlong(from: from, to: to, progress: flight.progress)
        guard area.contains(x: point.x, y: point.y), cards.node(atX: point.x, y: point.y) == nil,
              !clients.contains(x: point.x, y: point.y) else { return }
        buffer.put(RoleStyle.messageGlyph(flight.category, snapshot.glyphs), x: point.x, y: point.y, style: .selected)
    }

    /// The message drawn at a cell, if one is: the first in sending order there, as drawn.
    static func message(atX x: Int, y: Int, snapshot: FrameSnapshot, cards: CardLayout, area: Rect) -> UInt64? {
        let clients = clientsRect(area: area, glyphs: snapshot.glyphs)
        return snapshot.flights.first { flight in
            guard flight.id != nil, let point = messagePoint(flight, cards: cards, clients: clients) else { return false }
            return point.x == x && point.y == y
        }?.id
    }
}
