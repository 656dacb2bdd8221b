import QMTLCore
import QMTLTestSupport
import Testing

@testable import QMTLStore

/// A shipped migration never changes (style rule 11): each one's statements are pinned per
/// dialect by the BLAKE3 of their JCS array, so any edit — even to whitespace — fails here.
/// A schema change is a new migration, pinned when it ships.
@Suite("Frozen migrations")
struct FrozenMigrationTests {
    static let pinned: [Int: (sqlite: String, postgres: String)] = [
        1: (
            "blake3:681e8c6b8b6918b35777e1e254feb6c7974be89fd83e87c7fb722427b4fa5b0e",
            "blake3:fb49255fc8e576a3c299807f5bbf7391c7f8cda4b46be57990510516bcd37857"
        ),
        2: (
            "blake3:4c00b4d9a2f59af6adb28cc69f745b6b6162463640978f3663323ad8946e1ee9",
            "blake3:312fd52a2694613eb6a2e0edc77d35295afda54fefb6e997ca2631d346c28f5f"
        ),
        3: (
            "blake3:7446d70559654a2f297d3ee4c20027a6314d621fa9a0ed303cb5ad61d83e71e4",
            "blake3:6291dad26af7d82f261fa5a095c83776b6b24e932a8eeb70bb283cd4563143b9"
        ),
        4: (
            "blake3:115faab5215bb6ef49905016968ebdd0d83d65c2bad35c926ce9a1519ff8a52a",
            "blake3:115faab5215bb6ef49905016968ebdd0d83d65c2bad35c926ce9a1519ff8a52a"
        ),
        5: (
            "blake3:7be3070a01596b8f8d6ed2514dbf5cb941d0386a2f435059c1247064f6d1ff9b",
            "blake3:37c68f9283fe50dd11194c7cca2f79e940350e089a8e2def04c9712f5fd8c9d0"
        ),
        6: (
            "blake3:0bd26212f67c1ff72ac45ce3fe04b7104b36bb584a5ead4632cb7fa05f21cf9b",
            "blake3:b12db729756e350c03bcce8c530f98ee11ed35fc5ea53f46e02ab4734608ce0d"
        ),
        7: (
            "blake3:d53d18c23212ea7b6300594bb89bce60218f6eff2b9d628b8cc42d3e79bbd5ab",
            "blake3:407ccf534dbbbd2daeac36dcdb3b1077869a0e33646e00fb1475c4b722643cad"
        ),
        8: (
            "blake3:c497645190f6f734335ccffc4bad246b141dc58af7a07750a8dec06a51565f77",
            "blake3:2543c1b6ac50441a65b8aae2a3eec986448a5866a1a2e52aad07ac449ae22d0d"
        ),
        9: (
            "blake3:38cae76a0f4ccaaf04f9b28037566f78c948f3d068be749c04f70e446d4a98b1",
            "blake3:ce32bb35ad93e0ea71fa8db5c0724b632460ca86451e55a2d8bc5aef44ebd4fb"
        ),
        10: (
            "blake3:11f17ca64433e5e737b267b57c04cebfeedd0273d0a9e1d0c5472bb0f48f724d",
            "blake3:b24f00fa6a4587573bb0082e6eb26590d23a8beb0333095781fd98c2fcff77a8"
        ),
        11: (
            "blake3:3e17fc42c6689269faf924c8ec8096c8fc573c6a9a510abf3568cf442b48b6dd",
            "blake3:9ba7f5acbdd42f8443dffafd4e9b2ab5488de45068f4acbcf3f4595ab4f048f6"
        ),
    ]

    static let postgresExtras: Set<Int> = [7, 8, 9, 10, 11]

    static func hash(_ statements: [String]) throws -> String {
        BLAKE3.hash(try JCS.bytes(.array(statements.map { .string($0) }))).description
    }

    @Test func everyShippedMigrationIsPinnedAndUnchanged() throws {
        #expect(Migration.all.map(\.version) == Array(1...Migration.all.count), "versions are 1, 2, 3, … without gaps")
        for m in Migration.all {
            let sqlite = try Self.hash(m.sqlite)
            let postgres = try Self.hash(m.postgres)
            guard let pin = Self.pinned[m.version] else {
                Issue.record("migration \(m.version) is not pinned: add sqlite \(sqlite), postgres \(postgres)")
                continue
            }
            #expect(sqlite == pin.sqlite, "migration \(m.version) (\(m.name)) changed on SQLite: write a new migration instead")
            #expect(postgres == pin.postgres, "migration \(m.version) (\(m.name)) changed on PostgreSQL: write a new migration instead")
            // Change notifications exist only on PostgreSQL (7, and each later table's trigger);
            // every other change is made on both.
            #expect(m.sqlite.count == m.postgres.count || Self.postgresExtras.contains(m.version), "the same statements on both backends")
        }
    }
}
