/// The JSON bodies of the consumer endpoints that are not a config or an info.

/// `CONSUMER.CREATE` request. `action` is honoured by 2.10+ only and omitted for 2.9, which ignores it.
struct ConsumerCreateRequest: Encodable {
    var streamName: String
    var config: ConsumerConfig
    var action: String?

    enum CodingKeys: String, CodingKey {
        case config, action
        case streamName = "stream_name"
    }
}
