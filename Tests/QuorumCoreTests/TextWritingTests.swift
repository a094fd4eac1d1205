import Testing
@testable import QuorumCore

/// Descriptions written straight as bytes: the recording's event text and checksums depend on
/// these being exactly the text people read.
@Suite("Text written as bytes")
struct TextWritingTests {
    private func written(_ write: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        write(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [Int.min, -10, -1, 0, 7, 9, 10, 99, 100, 1_234_567, Int.max])
    func decimalsMatchSwift(value: Int) {
        #expect(written { $0.append(decimal: value) } == String(value))
    }

    @Test func unsignedExtremes() {
        #expect(written { $0.append(decimal: UInt64.max) } == "18446744073709551615")
        #expect(written { $0.append(decimal: UInt64(0)) } == "0")
    }

    @Test func jsonQuotingEscapesOnlyWhatItMust() {
        #expect(JSONText.quoted("plain n1->n2 MsgApp") == "\"plain n1->n2 MsgApp\"")
        #expect(JSONText.quoted("a\"b\\c") == "\"a\\\"b\\\\c\"")
        #expect(JSONText.quoted("line\nnext\ttab\r") == "\"line\\nnext\\ttab\\r\"")
        #expect(JSONText.quoted("\u{1B}[2J") == "\"\\u001b[2J\"")
        #expect(JSONText.quoted("ünïcode ✓") == "\"ünïcode ✓\"")
        #expect(JSONText.quoted("") == "\"\"")
    }

    @Test func clientMessagesReadAsBefore() {
        let request = ClientRequest(client: ClientID(2), sequence: 14, operation: .cas(key: "x", expected: "3", new: "4"),
                                    context: CausalContext(vector: VectorClock(counts: [1, 0, 2])))
        #expect(request.description == "Request c3#14 cas x 3 4 ctx:[1,0,2]")
        let redirect = ClientReply(client: ClientID(0), sequence: 1, body: .redirect(nil))
        #expect(redirect.description == "Redirect c1#1 leader:?")
        let siblings = ClientReply(client: ClientID(0), sequence: 2, body: .result(.siblings(["a", "b"])))
        #expect(siblings.description == "Reply c1#2 siblings [a, b]")
        #expect(OperationOutput.counter(-3).description == "counter -3")
        #expect(OperationOutput.value(nil).description == "value nil")
    }
}
