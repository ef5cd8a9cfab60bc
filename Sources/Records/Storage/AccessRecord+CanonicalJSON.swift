import Ledger

extension AccessRecord {
    /// The records an access event's answer returned, read straight from its payload: all the
    /// records projection needs of it.
    static func returnedNumbers(in payload: [UInt8]) throws -> [RecordNumber] {
        try payload.withUnsafeBytes { try returnedNumbers(in: $0) }
    }

    static func returnedNumbers(in payload: UnsafeRawBufferPointer) throws -> [RecordNumber] {
        var reader = JSONReader(payload)
        var numbers: [RecordNumber] = []
        try reader.beginObject()
        while let key = try reader.nextKey() {
            guard key == "results" else {
                try reader.skipValue()
                continue
            }
            try reader.beginArray()
            while try reader.nextElement() {
                let number = try reader.readSingleMember("number") { try $0.read(RecordNumber.self) }
                numbers.append(try reader.require(number, "number"))
            }
        }
        try reader.expectEnd()
        return numbers
    }
}
