import ArgumentParser
import Foundation
import QMTLAPI
import QMTLCore
import QMTLService
import QMTLStore

/// The embedded WorldService of a command: the store of `--store` and the local user as caller.
///
/// The caller is `user:<OS user>`; the role is `QMTL_ROLE` if set, else the one the store's
/// `roles.json` gives that user (whoever creates an embedded store is written there as its
/// admin), else `operator` (SPEC §11).
struct ServiceOptions: ParsableArguments {
    @OptionGroup var storeOptions: StoreOptions

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
        return (QMTLService(store: store, caller: Caller(actor: actor, role: role)), store)
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
    /// Runs `body` with the service and closes the store afterwards, also when `body` throws.
    static func using<T>(_ options: ServiceOptions, _ body: (QMTLService) async throws -> T) async throws -> T {
        let (service, store) = try await options.open()
        return try await store.using { _ in try await body(service) }
    }
}
