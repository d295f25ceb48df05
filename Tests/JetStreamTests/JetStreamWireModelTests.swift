import Foundation
import Testing
@testable import JetStream

/// Decoding and encoding of the JetStream API's JSON against replies captured from nats-server 2.9.10 and
/// 2.15.1 (`shared/reference/jetstream-assets/wire-*.txt`), and the request shapes other clients send.
@Suite("JetStream wire models")
struct JetStreamWireModelTests {
    static let streamCreate29 = #"{"type":"io.nats.jetstream.api.v1.stream_create_response","config":{"name":"CHORIA_AJ_TASKS","description":"Choria Async Jobs Tasks","subjects":["CHORIA_AJ.T.*"],"retention":"limits","max_consumers":-1,"max_msgs":-1,"max_bytes":-1,"max_age":0,"max_msgs_per_subject":1,"max_msg_size":-1,"discard":"old","storage":"file","num_replicas":1,"duplicate_window":120000000000,"allow_direct":false,"mirror_direct":false,"sealed":false,"deny_delete":false,"deny_purge":false,"allow_rollup_hdrs":false},"created":"2026-11-29T12:54:24.419868723Z","state":{"messages":0,"bytes":0,"first_seq":0,"first_ts":"0001-01-01T00:00:00Z","last_seq":0,"last_ts":"0001-01-01T00:00:00Z","consumer_count":0},"did_create":true}"#

    static let streamCreate215 = #"{"type":"io.nats.jetstream.api.v1.stream_create_response","config":{"name":"CHORIA_AJ_Q_DEFAULT","description":"Choria Async Jobs Work Queue","subjects":["CHORIA_AJ.Q.DEFAULT.\u003e"],"retention":"workqueue","max_consumers":-1,"max_msgs":-1,"max_bytes":-1,"max_age":0,"max_msgs_per_subject":1,"max_msg_size":-1,"discard":"new","storage":"file","num_replicas":1,"duplicate_window":120000000000,"compression":"none","allow_direct":false,"mirror_direct":false,"sealed":false,"deny_delete":false,"deny_purge":false,"allow_rollup_hdrs":false,"consumer_limits":{},"allow_msg_ttl":false,"metadata":{"_nats.level":"5","_nats.req.level":"0","_nats.ver":"2.15.1"}},"created":"2026-11-29T12:55:03.566105031Z","state":{"messages":0,"bytes":0,"first_seq":0,"first_ts":"0001-01-01T00:00:00Z","last_seq":0,"last_ts":"0001-01-01T00:00:00Z","consumer_count":0},"ts":"2026-11-29T12:55:03.566491265Z","did_create":true}"#

    static let consumerCreate215 = #"{"type":"io.nats.jetstream.api.v1.consumer_create_response","stream_name":"CHORIA_AJ_Q_DEFAULT","name":"WORKERS","created":"2026-11-29T12:55:03.568112042Z","config":{"durable_name":"WORKERS","name":"WORKERS","deliver_policy":"all","ack_policy":"explicit","ack_wait":60000000000,"max_deliver":100,"replay_policy":"instant","max_waiting":512,"max_ack_pending":100,"num_replicas":0,"metadata":{"_nats.level":"5","_nats.req.level":"0","_nats.ver":"2.15.1"}},"delivered":{"consumer_seq":0,"stream_seq":0},"ack_floor":{"consumer_seq":0,"stream_seq":0},"num_ack_pending":0,"num_redelivered":0,"num_waiting":0,"num_pending":0,"ts":"2026-11-29T12:55:03.568486974Z"}"#

    static let accountInfo29 = #"{"type":"io.nats.jetstream.api.v1.account_info_response","memory":0,"storage":0,"streams":0,"consumers":0,"limits":{"max_memory":-1,"max_storage":-1,"max_streams":-1,"max_consumers":-1,"max_ack_pending":-1,"memory_max_stream_bytes":-1,"storage_max_stream_bytes":-1,"max_bytes_required":false},"api":{"total":0,"errors":0}}"#

    static let accountInfo215 = #"{"type":"io.nats.jetstream.api.v1.account_info_response","memory":0,"storage":0,"reserved_memory":0,"reserved_storage":0,"streams":0,"consumers":0,"limits":{"max_memory":-1,"max_storage":-1,"max_streams":-1,"max_consumers":-1,"max_ack_pending":-1,"memory_max_stream_bytes":-1,"storage_max_stream_bytes":-1,"max_bytes_required":false},"api":{"level":5,"total":0,"errors":0}}"#

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func streamCreateRepliesOfBothVersionsDecode() throws {
        let old = try JetStreamJSON.decodeReply(StreamInfo.self, from: Self.bytes(Self.streamCreate29))
        #expect(old.config.name == "CHORIA_AJ_TASKS")
        #expect(old.config.retention == .limits)
        #expect(old.config.maxMessagesPerSubject == 1)
        #expect(old.config.duplicateWindow == .seconds(120))
        #expect(old.config.compression == nil)
        #expect(old.didCreate == true)
        #expect(old.state.consumerCount == 0)

        let new = try JetStreamJSON.decodeReply(StreamInfo.self, from: Self.bytes(Self.streamCreate215))
        #expect(new.config.subjects == ["CHORIA_AJ.Q.DEFAULT.>"])
        #expect(new.config.retention == .workqueue)
        #expect(new.config.discard == .new)
        #expect(new.config.compression == StreamConfig.Compression.none)
        #expect(new.config.consumerLimits == StreamConfig.ConsumerLimits())
        #expect(new.config.metadata?["_nats.ver"] == "2.15.1")
    }

    @Test func consumerCreateReplyDecodes() throws {
        let info = try JetStreamJSON.decodeReply(ConsumerInfo.self, from: Self.bytes(Self.consumerCreate215))
        #expect(info.name == "WORKERS")
        #expect(info.streamName == "CHORIA_AJ_Q_DEFAULT")
        #expect(info.config.ackPolicy == .explicit)
        #expect(info.config.ackWait == .seconds(60))
        #expect(info.config.maxDeliver == 100)
        #expect(info.config.maxWaiting == 512)
        #expect(info.ackPendingCount == 0)
        #expect(info.delivered == ConsumerInfo.SequenceInfo(consumerSequence: 0, streamSequence: 0))
    }

    @Test func accountInfoOfBothVersionsDecodes() throws {
        let old = try JetStreamJSON.decodeReply(AccountInfo.self, from: Self.bytes(Self.accountInfo29))
        #expect(old.api.level == nil)
        #expect(old.limits.maxStreams == -1)
        let new = try JetStreamJSON.decodeReply(AccountInfo.self, from: Self.bytes(Self.accountInfo215))
        #expect(new.api.level == 5)
    }

    @Test(arguments: [
        (#"{"stream":"CHORIA_AJ_TASKS", "seq":1}"#, PubAck(stream: "CHORIA_AJ_TASKS", sequence: 1)),
        (#"{"stream":"CHORIA_AJ_TASKS","seq":7}"#, PubAck(stream: "CHORIA_AJ_TASKS", sequence: 7)),
        (#"{"stream":"CHORIA_AJ_Q_DEFAULT", "seq":1,"duplicate": true}"#,
         PubAck(stream: "CHORIA_AJ_Q_DEFAULT", sequence: 1, duplicate: true)),
        (#"{"stream":"Q","domain":"hub","seq":1}"#, PubAck(stream: "Q", sequence: 1, domain: "hub")),
    ])
    func pubAckFormsOfEveryVersionDecode(reply: String, expected: PubAck) throws {
        #expect(try JetStreamJSON.decodeReply(PubAck.self, from: Self.bytes(reply)) == expected)
    }

    @Test(arguments: [
        (#"{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 1"},"stream":"CHORIA_AJ_TASKS","seq":0}"#, 10071, true),
        (#"{"error":{"code":400,"err_code":10164,"description":"wrong last sequence"},"stream":"KV_X","seq":0}"#, 10164, true),
        (#"{"error":{"code":400,"err_code":10060,"description":"expected stream does not match"},"stream":"CHORIA_AJ_Q_DEFAULT","seq":0}"#, 10060, false),
        (#"{"type":"io.nats.jetstream.api.v1.stream_info_response","error":{"code":404,"err_code":10059,"description":"stream not found"},"total":0,"offset":0,"limit":0}"#, 10059, false),
    ])
    func errorEnvelopesBecomeTypedErrors(reply: String, errCode: Int, isCASFailure: Bool) {
        do {
            _ = try JetStreamJSON.decodeReply(PubAck.self, from: Self.bytes(reply))
            Issue.record("an error envelope decoded as a success")
        } catch let error as JetStreamError {
            #expect(error.errCode == errCode)
            #expect(error.isWrongLastSequence == isCASFailure)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func aReplyThatIsNotJSONIsAnInvalidResponse() {
        #expect(throws: JetStreamError.self) {
            _ = try JetStreamJSON.decodeReply(PubAck.self, from: Self.bytes("-ERR nope"))
        }
    }

    @Test func consumerCreateRequestHasTheFieldsOtherClientsSend() throws {
        var config = ConsumerConfig(
            name: "WORKERS", durableName: "WORKERS", deliverPolicy: .all, ackPolicy: .explicit,
            ackWait: .seconds(60), maxDeliver: 100, maxAckPending: 100)
        config.replayPolicy = .instant
        config.replicas = 0
        let body = try JetStreamJSON.encode(ConsumerCreateRequest(streamName: "CHORIA_AJ_Q_DEFAULT", config: config, action: ""))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(object["stream_name"] as? String == "CHORIA_AJ_Q_DEFAULT")
        #expect(object["action"] as? String == "")
        let sent = try #require(object["config"] as? [String: Any])
        #expect(Set(sent.keys) == ["name", "durable_name", "deliver_policy", "ack_policy", "ack_wait", "max_deliver",
                                   "max_ack_pending", "replay_policy", "num_replicas"])
        #expect(sent["ack_wait"] as? Int == 60_000_000_000)
    }

    @Test func streamConfigLeavesUnsetFieldsToTheServerAndKeepsSlashes() throws {
        var config = StreamConfig(name: "KV_b", subjects: ["$KV.b.>"], description: "a/b")
        config.maxAge = .seconds(10)
        let text = String(decoding: try JetStreamJSON.encode(config), as: UTF8.self)
        #expect(text.contains(#""description":"a/b""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["name", "subjects", "description", "max_age"])
        #expect(object["max_age"] as? Int == 10_000_000_000)
    }

    @Test func pullRequestCarriesExpiryAndHeartbeatInNanoseconds() throws {
        let body = try JetStreamJSON.encode(PullRequest(batch: 1, expires: .seconds(2), idleHeartbeat: .seconds(1)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(object["batch"] as? Int == 1)
        #expect(object["expires"] as? Int == 2_000_000_000)
        #expect(object["idle_heartbeat"] as? Int == 1_000_000_000)
        #expect(object["no_wait"] == nil)
    }

    @Test func listingPagesDecodeNullEmptyAndFullPages() throws {
        let none = try JetStreamJSON.decodeReply(APIPage<String>.self, from: Self.bytes(
            #"{"type":"io.nats.jetstream.api.v1.stream_names_response","total":0,"offset":0,"limit":1024,"streams":null}"#))
        #expect(none.items.isEmpty)
        #expect(!none.hasMore)
        let first = try JetStreamJSON.decodeReply(APIPage<String>.self, from: Self.bytes(
            #"{"total":3,"offset":0,"limit":2,"consumers":["A","B"]}"#))
        #expect(first.items == ["A", "B"])
        #expect(first.hasMore)
    }

    @Test func nanosecondsConvertFromAndToDuration() {
        #expect(Nanoseconds(.milliseconds(1500)).value == 1_500_000_000)
        #expect(Nanoseconds.seconds(3).duration == .seconds(3))
        #expect(Nanoseconds(.nanoseconds(7)) == 7)
    }
}
