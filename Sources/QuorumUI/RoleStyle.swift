import QuorumCore

/// Role and status to style, glyph and letter: colour *and* a letter, so monochrome works.
enum RoleStyle {
    static func style(_ node: FrameSnapshot.NodeView) -> StyleRole {
        switch node.status {
        case .crashed: return .crashed
        case .frozen: return .frozen
        case .up:
            let family: StyleRole
            switch node.description.roleKind {
            case .leader: family = .leader
            case .candidate: family = .candidate
            case .follower: family = .follower
            case .replica: family = .replica
            }
            guard let key = node.description.roleStyleKey, StyleKey.isValid(key) else { return family }
            return StyleRole.keyed("role-" + key, fallback: family)
        }
    }

    static func letter(_ kind: NodeDescription.RoleKind) -> Unicode.Scalar {
        switch kind {
        case .leader: return "L"
        case .candidate: return "C"
        case .follower: return "F"
        case .replica: return "R"
        }
    }

    static func glyph(_ node: FrameSnapshot.NodeView, _ glyphs: Glyphs) -> Unicode.Scalar {
        switch node.status {
        case .crashed: return glyphs.crashed
        case .frozen: return glyphs.frozen
        case .up:
            switch node.description.roleKind {
            case .leader: return glyphs.leader
            case .candidate: return glyphs.candidate
            case .follower: return glyphs.follower
            case .replica: return glyphs.replica
            }
        }
    }

    /// The protocol's own kind of message if it has one (`message-pre-prepare`), else its family's.
    static func messageStyle(_ flight: FrameSnapshot.Flight) -> StyleRole {
        let family = messageStyle(flight.category)
        guard let key = flight.styleKey else { return family }
        return StyleRole.keyed("message-" + key, fallback: family)
    }

    static func messageStyle(_ category: MessageCategory) -> StyleRole {
        switch category {
        case .election: return .messageElection
        case .electionReply: return .messageElectionReply
        case .replication: return .messageReplication
        case .replicationReply: return .messageReplicationReply
        case .client: return .messageClient
        case .other: return .messageOther
        }
    }

    /// Every message glyph of the Unicode set (tests look for marks).
    static var messageGlyphs: [Unicode.Scalar] { MessageCategory.allCases.map { messageGlyph($0, .unicode) } }

    static func messageGlyph(_ category: MessageCategory, _ glyphs: Glyphs) -> Unicode.Scalar {
        switch category {
        case .election: return glyphs.messageElection
        case .electionReply: return glyphs.messageElectionReply
        case .replication: return glyphs.messageReplication
        case .replicationReply: return glyphs.messageReplicationReply
        case .client: return glyphs.messageClient
        case .other: return glyphs.messageOther
        }
    }
}
