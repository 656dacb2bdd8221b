import ArgumentParser
import Foundation
import QMTLAPI
import QMTLClient
import QMTLCore
import QMTLService
import QMTLStore

/// The WorldService of a command: a `qmtl serve` when `--server` / `QMTL_SERVER` names one,
/// else the embedded service over the store of `--store` with the local user as caller.
///
/// Embedded, the caller is `user:<OS user>`; the role is `QMTL_ROLE` if set, else the one the
/// store's `roles.json` gives that user (whoever creates an embedded store is written there as
/// its admin), else `operator` (SPEC §11). Remote, the token decides.
struct ServiceOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

    @Option(help: ArgumentHelp("A qmtl server's URL; the command then runs there (default: QMTL_SERVER).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("The bearer token for --server (default: QMTL_TOKEN).", valueName: "token"))
    var token: String?

    /// The server URL of `--server` or `QMTL_SERVER`, if any.
    var serverURL: String? {
        if let server, !server.isEmpty { return server }
        if let env = ProcessInfo.processInfo.environment["QMTL_SERVER"], !env.isEmpty { return env }
        return nil
    }

    /// The client of `--server`, or nil to run embedded.
    func client() throws -> QMTLClient? {
        guard let url = serverURL else { return nil }
        return try QMTLClient(baseURL: url, token: token ?? ProcessInfo.processInfo.environment["QMTL_TOKEN"])
    }

    static var osUser: String {
        if let name = ProcessInfo.processInfo.environment["USER"], !name.isEmpty { return name }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }

    /// Opens the store and the service acting as the local user.
    func open() async throws -> (service: QMTLService, store: SQLStore) {
        let location = storeOptions.location
        let actor = "user:" + Self.osUser
        _ = try Self.role(for: actor, rolesFile: nil)  // a bad QMTL_ROLE is refused before the store is touched
        let isNewFile = !location.contains("://") && !FileManager.default.fileExists(atPath: location)
        let store = try await storeOptions.open()
        let rolesFile =
            location.contains("://") ? nil : URL(fileURLWithPath: location).deletingLastPathComponent().appendingPathComponent("roles.json")
        if isNewFile, let rolesFile, var text = try? JCS.string([actor: "admin"]) {
            text += "\n"
            try? Data(text.utf8).write(to: rolesFile)
        }
        let role = try Self.role(for: actor, rolesFile: rolesFile)
        var service = QMTLService(store: store, caller: Caller(actor: actor, role: role))
        service.applyStageHook = Self.crashHook(ProcessInfo.processInfo.environment["QMTL_CRASH_AT"])
        // An apply a crash left behind is finished once its lease ran out (R-GOV-8).
        _ = try? await service.recoverApplies()
        return (service, store)
    }

    /// Fault injection for the apply crash test: `QMTL_CRASH_AT=apply:<stage>` SIGKILLs this
    /// process right after that stage of an apply is stored.
    static func crashHook(_ spec: String?) -> (@Sendable (ApplyStage) -> Void)? {
        guard let spec, spec.hasPrefix("apply:"), let stage = ApplyStage(rawValue: String(spec.dropFirst("apply:".count))) else { return nil }
        return { reached in if reached == stage { kill(getpid(), SIGKILL) } }
    }

    static func role(for actor: String, rolesFile: URL?) throws -> Role {
        if let text = ProcessInfo.processInfo.environment["QMTL_ROLE"], !text.isEmpty {
            guard let role = Role(rawValue: text) else {
                throw QMTLError(.badRole, "QMTL_ROLE must be viewer, submitter, operator or admin, got \(text)")
            }
            return role
        }
        if let rolesFile, let data = try? Data(contentsOf: rolesFile),
            let roles = try? JSONParser.parseValue(Array(data), fileName: rolesFile.path).objectValue,
            let name = roles[actor]?.stringValue, let role = Role(rawValue: name)
        {
            return role
        }
        return .operator
    }
}

extension QMTLService {
    /// Runs `body` with the command's WorldService — the server's, or the embedded one whose
    /// store is closed afterwards, also when `body` throws.
    static func using<T>(_ options: ServiceOptions, _ body: (any WorldServiceAPI) async throws -> T) async throws -> T {
        if let client = try options.client() { return try await body(client) }
        let (service, store) = try await options.open()
        return try await store.using { _ in try await body(service) }
    }
}
