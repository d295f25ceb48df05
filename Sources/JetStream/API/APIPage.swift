/// One page of a listing endpoint (`STREAM.NAMES`, `STREAM.LIST`, `CONSUMER.NAMES`, `CONSUMER.LIST`).
///
/// The items come under `streams` or `consumers` and may be `null` when there are none.
struct APIPage<Item: Decodable>: Decodable {
    var total: Int
    var offset: Int
    var limit: Int
    var items: [Item]

    enum CodingKeys: String, CodingKey { case total, offset, limit, streams, consumers }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        total = try container.decode(Int.self, forKey: .total)
        offset = try container.decode(Int.self, forKey: .offset)
        limit = try container.decode(Int.self, forKey: .limit)
        items = try container.decodeIfPresent([Item].self, forKey: .streams)
            ?? container.decodeIfPresent([Item].self, forKey: .consumers) ?? []
    }

    /// Whether a page after this one exists.
    var hasMore: Bool { offset + items.count < total && !items.isEmpty }
}

/// The request of every listing endpoint: where the page starts, and (streams only) a subject filter.
struct APIPageRequest: Encodable {
    var offset: Int
    var subject: String?
}
