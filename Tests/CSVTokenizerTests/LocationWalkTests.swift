@testable import CSVTokenizer
import TestSupport
import Testing

/// `CSVRecord.location(of:)` goes on from where its last look-up stopped (`LocationWalk`):
/// look-ups in any order (falling, repeated, alternating between the records of a batch, over
/// quoted line breaks and multibyte characters) give what a look-up with no memo gives.
@Suite struct LocationWalkTests {
    @Test(arguments: 0..<3)
    func lookUpsInAnyOrderAgreeWithAFreshWalk(seed: UInt64) {
        var rng = SplitMix64(seed: 0x10CA_0000 + seed)
        var text: [UInt8] = []
        for _ in 0..<200 {
            for f in 0..<rng.int(1...4) {
                if f > 0 { text.append(0x2C) }
                text += rng.pick([
                    Array("plain".utf8), Array("\"two\nlines\"".utf8), Array("\"cr\r\nlf\rcr\"".utf8),
                    Array("é€😀".utf8), [0xFF, 0x80, 0xC3], Array("a\"b".utf8), [],
                ])
            }
            text += rng.pick([[0x0A], [0x0D, 0x0A], [0x0D]])
        }
        let t = CSVTokenizer()
        t.append(text)
        t.finishInput()
        var checked = 0
        while let batch = t.nextBatch() {
            // Positions in every record of the batch, shuffled: falling, repeated and interleaved.
            var lookUps: [(record: Int, position: Int32)] = []
            for i in 0..<batch.count {
                let r = batch[i]
                for k in 0...r.rawBytes.count { lookUps.append((i, r.startPosition + Int32(k))) }
            }
            lookUps += lookUps.prefix(50)
            lookUps.shuffle(using: &rng)
            for (i, p) in lookUps {
                let memo = batch[i].location(of: p)
                let saved = t.locationWalk
                t.locationWalk = LocationWalk()
                let fresh = batch[i].location(of: p)
                t.locationWalk = saved
                #expect(memo == fresh, "record \(i) position \(p)")
                checked += 1
            }
        }
        #expect(checked > 1000)
    }
}
