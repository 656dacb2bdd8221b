/// The canary of a world's live promotions (R-GOV-5): a run is in it when the first 8 bytes
/// (big-endian) of `blake3(JCS{world_id, strategy_id, run_id})`, divided by 2^64, are below
/// `canary_fraction` — anyone can recompute it.
public enum Canary {
    /// Where the run falls in [0, 1).
    public static func position(world: String, strategy: String, run: String) -> Double {
        let object: JSONValue = ["world_id": .string(world), "strategy_id": .string(strategy), "run_id": .string(run)]
        // JCS of three strings cannot fail.
        let bytes = (try? JCS.bytes(object)) ?? []
        let head = BLAKE3.hash(bytes).bytes.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Double(head) / 18_446_744_073_709_551_616.0  // 2^64
    }

    /// Whether the run is in the canary; every run is when there is no fraction.
    public static func contains(world: String, strategy: String, run: String, fraction: Double?) -> Bool {
        guard let fraction else { return true }
        return position(world: world, strategy: strategy, run: run) < fraction
    }
}
