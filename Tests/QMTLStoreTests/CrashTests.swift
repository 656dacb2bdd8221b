import Foundation
import QMTLBenchFixtures
import QMTLCore
import QMTLTestSupport
import Synchronization
import Testing

@testable import QMTLStore

/// SIGKILL in the middle of a bulk insert leaves the store consistent and the insert
/// re-runnable (issue 4). The child is `qmtl-bench gsg --insert-only`.
@Suite("Crash during bulk insert", .serialized, .timeLimit(.minutes(10)))
struct CrashTests {
    static let nodes = 20_000
    static let fanIn = 10

    static let bench = TestData.executable("qmtl-bench")

    /// How the watcher tells the child's insert transaction is writing.
    enum Probe {
        /// A cheap local check (a file's size), polled every 2 ms on a thread of its own: a
        /// watcher task shares the cooperative pool's two threads with every other test, and
        /// once missed the whole insert in CI while both were busy.
        case local(@Sendable () -> Bool)
        /// A query to the server, polled every 20 ms from a task (PostgreSQL's insert is slow
        /// enough for that).
        case server(() async throws -> Bool)
    }

    /// Starts the child, waits until `probe` says the insert transaction is writing, kills it
    /// with SIGKILL and checks it did not finish. Returns false when the insert finished
    /// before it could be killed: that run tests nothing, and the caller tries again on a
    /// fresh store.
    static func killMidInsert(store target: String, probe: Probe) async throws -> Bool {
        let process = Process()
        process.executableURL = bench
        process.arguments = ["gsg", "--store", target, "--nodes", String(nodes), "--fan-in", String(fanIn), "--insert-only"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        var killed = false
        switch probe {
        case .local(let midInsert):
            let pid = process.processIdentifier
            let state = Mutex((killed: false, done: false))
            let finished = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                defer { finished.signal() }
                while Date() < deadline {
                    // `done` is set as soon as the child is reaped: the watcher stops within one
                    // poll of that, before its pid could plausibly belong to another process.
                    let stop = state.withLock { s in
                        if s.done { return true }
                        if midInsert() {
                            kill(pid, SIGKILL)
                            s.killed = true
                            return true
                        }
                        return false
                    }
                    if stop { return }
                    usleep(2_000)
                }
            }
            try await offThePool { process.waitUntilExit() }
            state.withLock { $0.done = true }
            finished.wait()
            killed = state.withLock { $0.killed }
        case .server(let midInsert):
            while Date() < deadline && process.isRunning {
                if try await midInsert() {
                    kill(process.processIdentifier, SIGKILL)
                    killed = true
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let output = try await output(of: process, from: out)
        // The insert finished first — before the watcher saw it, or before the signal landed on
        // a process that had already exited: this run tests nothing, try again.
        if output.contains("inserted") && (!killed || process.terminationReason == .exit) { return false }
        #expect(killed, "the insert never started or failed: \(output)")
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        #expect(output.contains("inserting") && !output.contains("inserted"))
        return true
    }

    static let attempts = 5

    /// True when the kill came after the commit (the watcher was late): all of the insert is
    /// there, so this attempt tested nothing. A part of it would be a failure, found by
    /// ``checkAndRerun(_:)``. Closes `store`.
    static func committedBeforeTheKill(_ store: SQLStore) async throws -> Bool {
        let counts = try await store.gsgCounts()
        try await store.close()
        return counts.nodes == nodes
    }

    /// After the kill: nothing half-written, the audit log intact, and the same insert runs.
    static func checkAndRerun(_ store: SQLStore) async throws {
        let counts = try await store.gsgCounts()
        #expect(counts.nodes == 0 && counts.edges == 0, "a killed transaction left \(counts)")
        #expect(try await store.verifyAudit() == .intact(entries: 0))
        let graph = try SyntheticGraph.layered(nodes: nodes, fanIn: fanIn)
        let result = try await store.upsertNodes(graph, audit: AuditContext(actor: "system:test", role: "admin", requestID: "rerun"))
        #expect(result == UpsertCount(inserted: nodes, existing: 0))
        let after = try await store.gsgCounts()
        #expect(after.nodes == nodes && after.edges == graph.reduce(0) { $0 + $1.dependencies.count })
        #expect(try await store.verifyAudit() == .intact(entries: 1))
    }

    @Test func sqlite() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qmtl-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var path = ""
        var killed = false
        for attempt in 0..<Self.attempts where !killed {
            path = dir.appendingPathComponent("qmtl-\(attempt).sqlite").path
            _ = try await SQLiteStore(path: path).close()  // migrated before the child starts
            let wal = path + "-wal"
            killed = try await Self.killMidInsert(
                store: path,
                probe: .local {
                    // The insert transaction is writing once the WAL grows past a few pages.
                    var info = stat()
                    return stat(wal, &info) == 0 && info.st_size > 4 << 20
                })
            if killed, try await Self.committedBeforeTheKill(try await SQLiteStore(path: path)) { killed = false }
        }
        try #require(killed, "the insert finished before the kill in all \(Self.attempts) attempts")
        let store = try await SQLiteStore(path: path)
        let check = try await store.backend.read { s in
            (try await s.query("PRAGMA integrity_check", []), try await s.query("PRAGMA foreign_key_check", []))
        }
        #expect(check.0.first?.values == [.text("ok")])
        #expect(check.1.isEmpty)
        try await Self.checkAndRerun(store)
        try await store.close()
    }

    @Test(.enabled(if: StoreKind.available.contains(.postgres)))
    func postgres() async throws {
        var database = try await PostgresTestDatabase.create()
        var killed = false
        for attempt in 0..<Self.attempts where !killed {
            if attempt > 0 {
                try await database.drop()
                database = try await PostgresTestDatabase.create()
            }
            _ = try await PostgresStore(url: database.url).close()
            let probe = try PostgresBackend(url: database.adminURL)
            let name = database.name
            killed = try await Self.killMidInsert(
                store: database.url,
                probe: .server {
                    // The child's edge insert is running on the server.
                    let rows = try await probe.read { s in
                        try await s.query(
                            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ? AND state = 'active' AND query LIKE '%INSERT INTO gsg_edge%'",
                            [.text(name)])
                    }
                    return try rows[0].int("n") > 0
                })
            try await probe.close()
            if killed {
                // The server rolls the dead connection's transaction back; wait for its backend to go.
                let check = try await PostgresStore(url: database.url)
                for _ in 0..<100 {
                    let active = try await check.backend.read { s in
                        try await s.query(
                            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", [])
                    }
                    if try active[0].int("n") == 0 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                if try await Self.committedBeforeTheKill(check) { killed = false }
            }
        }
        try #require(killed, "the insert finished before the kill in all \(Self.attempts) attempts")
        let store = try await PostgresStore(url: database.url)
        // The server rolls the dead connection's transaction back; wait for its backend to go.
        for _ in 0..<100 {
            let active = try await store.backend.read { s in
                try await s.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", [])
            }
            if try active[0].int("n") == 0 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Self.checkAndRerun(store)
        try await store.close()
        try await database.drop()
    }
}
