import Foundation
import Testing

/// `quorum run store` and `quorum sweep store` through the real binary: the store registered
/// through the one registration point and run by the shared commands.
@Suite("Store on the command line")
struct StoreCommandTests {
    private func json(_ output: QuorumBinary.Output) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func headlessJSONHasTheCommonKeysAndTheStores() throws {
        let output = try QuorumBinary.run(["run", "store", "--headless", "--json", "--duration", "6s"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try json(output)
        for key in ["protocol", "seed", "nodes", "events", "clientOpsOk", "violations", "linearizable", "levels", "replication",
                    "staleReads", "lostWrites", "readsOfTimeouts", "unavailable", "timeouts", "converged", "readYourWrites", "monotonicReads"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        #expect(object["nodes"] as? Int == 5 && object["replication"] as? String == "dc1:3")
        #expect(object["levels"] as? [String: String] == ["read": "QUORUM", "write": "QUORUM"])
        #expect(object["linearizable"] as? Bool == true && object["converged"] as? Bool == true)
        #expect((object["clientOpsOk"] as? Int ?? 0) > 30)
    }

    @Test func twoDatacentersSixNodes() throws {
        let output = try QuorumBinary.run(["run", "store", "--headless", "--json", "--duration", "4s", "--dcs", "2",
                                           "--read-level", "LOCAL_QUORUM", "--write-level", "each_quorum"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try json(output)
        #expect(object["nodes"] as? Int == 6 && object["replication"] as? String == "dc1:3,dc2:3")
        #expect(object["levels"] as? [String: String] == ["read": "LOCAL_QUORUM", "write": "EACH_QUORUM"])
        #expect(object["levelsUsed"] as? [[String: String]] == [["read": "LOCAL_QUORUM", "write": "EACH_QUORUM"]])
    }

    /// The levels used: those the run starts with, then each set the workload is given (`L`, a
    /// script's `workload` line), once each, in order.
    @Test func levelsUsedFollowTheWorkloadsChanges() throws {
        let script = try QuorumBinary.temporaryFile("store-levels.txt",
            "at 1s workload read-level=ONE write-level=ALL\nat 2s workload read-level=QUORUM write-level=QUORUM\nat 3s workload read-level=ONE write-level=ALL\n")
        let output = try QuorumBinary.run(["run", "store", "--headless", "--json", "--duration", "4s", "--script", script])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try json(output)
        #expect(object["levelsUsed"] as? [[String: String]] == [["read": "QUORUM", "write": "QUORUM"], ["read": "ONE", "write": "ALL"]])
    }

    @Test func oneOneWithAPartitionReportsStaleReads() throws {
        let script = try QuorumBinary.temporaryFile("split.txt", "at 1s partition n1 n2 | n3 n4 n5\nat 8s heal\n")
        let output = try QuorumBinary.run(["run", "store", "--headless", "--json", "--duration", "10s", "--clients", "6", "--script", script,
                                           "--read-level", "ONE", "--write-level", "ONE"])
        #expect(output.status == 0, "ONE/ONE promises no linearizability, so a stale read is no failure: \(output.stderr)")
        let object = try json(output)
        #expect((object["staleReads"] as? Int ?? 0) > 0)
        #expect(object["converged"] as? Bool == true)
    }

    @Test func badInputIsOneLine() throws {
        let cases: [([String], String)] = [
            (["--rf", "0"], "--rf: 0 is not a replication factor; use 1 to 5"),
            (["--read-level", "MOST"], "--read-level: 'MOST' is not a read consistency level"),
            (["--read-level", "ANY"], "--read-level: 'ANY' is not a read consistency level"),
            (["--write-level", "THREE", "--rf", "2"], "--write-level: THREE needs more replicas than --rf 2 gives"),
            (["--topology", "dc1:3,dc3:3"], "--topology: 'dc3:3' is not datacenter 2"),
            (["--topology", "dc1:3,dc2"], "--topology: 'dc2' has no replication factor (write dc2:3)"),
            (["--topology", "dc1:3,dc2:x"], "--topology: 'x' is not a replication factor for dc2"),
            (["--topology", "dc1:3", "--rf", "2"], "--topology: gives the datacenters and their replicas"),
            (["--dcs", "2", "--nodes", "4"], "--rf: 3 replicas in dc1, which has 2 of the 4 nodes"),
            (["--rf", "5", "--nodes", "3"], "--rf: 5 replicas in dc1, which has 3 of the 3 nodes"),
            (["--dcs", "2", "--datacenters", "3"], "--datacenters: 3 disagrees with the protocol's 2 datacenters"),
            (["--anti-entropy", "sometimes"], "--anti-entropy"),
        ]
        for (arguments, mention) in cases {
            let output = try QuorumBinary.run(["run", "store", "--headless"] + arguments)
            InputHardeningTests.expectRefused(output, naming: mention)
        }
    }

    /// A script's partition names datacenters or nodes; a datacenter the run lacks is named with
    /// the file, line and column, and what would do.
    @Test func aScriptNamingAnUnknownDatacenterIsOneLine() throws {
        let script = try QuorumBinary.temporaryFile("dc3.txt", "at 1s heal\nat 2s partition dc1 | dc3\n")
        let output = try QuorumBinary.run(["run", "store", "--headless", "--dcs", "2", "--script", script])
        #expect(output.status == 2 && output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
        #expect(output.stderr.contains("dc3.txt:2:23: 'dc3' is not a node or a datacenter (write n1 to n6, or dc1, dc2)"), "\(output.stderr)")
    }

    @Test func sweepConvergesOnEverySeed() throws {
        let output = try QuorumBinary.run(["sweep", "store", "--seeds", "1..12", "--safety", "3s"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.contains("48 runs (12 seeds x 4 read/write levels), 0 failed"))
        // The checkers' results, a column per pair of levels: every seed converged under each.
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.split(separator: " ") == ["read/write", "levels", "ONE/ONE", "QUORUM/QUORUM", "ALL/ONE", "ONE/ALL"])
        #expect(lines.contains { $0.split(separator: " ") == ["converged", "12/12", "12/12", "12/12", "12/12"] }, "\(output.stdout)")
        for row in ["seeds", "linearizable", "staleReads", "lostWrites", "readsOfTimeouts", "unavailable", "timeouts", "readYourWrites"] {
            #expect(lines.contains { $0.hasPrefix(row + " ") }, "no \(row) row")
        }
    }

    /// One pair named by --read-level/--write-level, or several by --levels; the table follows them,
    /// and each failure's reproduce command names its own pair.
    @Test func sweepLevelsChooseTheColumns() throws {
        let output = try QuorumBinary.run(["sweep", "store", "--seeds", "1..4", "--safety", "2s", "--levels", "one/quorum,LOCAL_ONE/ANY"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout.split(separator: "\n").first?.split(separator: " ") == ["read/write", "levels", "ONE/QUORUM", "LOCAL_ONE/ANY"])
        let single = try QuorumBinary.run(["sweep", "store", "--seeds", "1..4", "--safety", "2s", "--read-level", "ONE"])
        #expect(single.stdout.split(separator: "\n").first?.split(separator: " ") == ["read/write", "levels", "ONE/QUORUM"])
        #expect(single.stdout.contains("\n4 seeds, 0 failed"))
        let cases: [([String], String)] = [
            (["--levels", "ONE"], "--levels: 'ONE' is not a read/write pair of levels (e.g. QUORUM/ONE)"),
            (["--levels", "ONE/ONE,ANY/ONE"], "--levels: 'ANY' is not a read consistency level"),
            (["--levels", "ONE/ONE,"], "--levels: '' is not a read/write pair of levels"),
            (["--levels", "THREE/ONE", "--rf", "2"], "--levels: THREE needs more replicas than --rf 2 gives"),
            (["--levels", "ONE/ONE", "--write-level", "ALL"], "--levels: names the read and write levels; leave out --read-level and --write-level"),
        ]
        for (arguments, mention) in cases {
            let output = try QuorumBinary.run(["sweep", "store", "--seeds", "1"] + arguments)
            InputHardeningTests.expectRefused(output, naming: mention)
        }
    }

    @Test func recordingVerifies() throws {
        let script = try QuorumBinary.temporaryFile("store-faults.txt", "at 1s kill n2\nat 1500ms workload read-level=ONE write-level=ALL\nat 2s partition dc1 | dc2\nat 3s restart n2\nat 3s heal\n")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(getpid()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let recorded = try QuorumBinary.run(["run", "store", "--headless", "--script", script, "--clients", "3", "--duration", "5s",
                                             "--clock-skew", "20ms", "--sloppy", "--dcs", "2", "--record", path])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let replayed = try QuorumBinary.run(["replay", path, "--verify"])
        #expect(replayed.status == 0, "\(replayed.stdout)\(replayed.stderr)")
    }

    @Test func pbsJSONIsExactlyAsSpecified() throws {
        let output = try QuorumBinary.run(["pbs", "--trials", "400", "--rf", "3", "--read", "1", "--write", "2", "--t", "0,10", "--k", "1,2", "--json",
                                           "--w-latency", "exp:10ms"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try json(output)
        #expect(Set(object.keys) == ["rf", "read", "write", "trials", "tVisibility", "kStaleness"])
        #expect(object["rf"] as? Int == 3 && object["read"] as? Int == 1 && object["write"] as? Int == 2 && object["trials"] as? Int == 400)
        let t = try #require(object["tVisibility"] as? [[String: Any]])
        #expect(t.map { Set($0.keys) } == [["tMs", "probability"], ["tMs", "probability"]] && t.map { $0["tMs"] as? Int } == [0, 10])
        let k = try #require(object["kStaleness"] as? [[String: Any]])
        #expect(k.map { Set($0.keys) } == [["k", "probability", "closedForm"], ["k", "probability", "closedForm"]])
        #expect(k.map { $0["k"] as? Int } == [1, 2])
        // N=3, W=2, R=1: a read misses both written replicas with probability 1/3.
        #expect(abs((k[0]["closedForm"] as? Double ?? 0) - 2.0 / 3) < 1e-9)
        for bad in [["--rf", "0"], ["--read", "4"], ["--write", "0"], ["--t", "1,x"], ["--k", "0"], ["--w-latency", "fast"], ["--trials", "0"]] {
            let refused = try QuorumBinary.run(["pbs"] + bad)
            #expect(refused.status == 2 && refused.stderr.split(separator: "\n").count == 1, "\(bad): \(refused.stderr)")
        }
    }
}
