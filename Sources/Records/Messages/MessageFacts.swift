/// Facts to and from a message's fields, driven by `FieldCatalog`.
enum MessageFacts {
    /// `tree` with each facts field of `fields` written in: a text, number or flag replaces the
    /// value (an empty one removes it); a list's codes, or a list of objects' members, replace
    /// the whole list.
    static func apply(_ fields: [Message.Field], catalog: [FieldCode], to tree: FactsTree, keyText: String) throws(MessageRefusal) -> FactsTree {
        var tree = tree
        var problems: [FieldProblem] = []
        var listsDone: Set<String> = []
        for field in fields {
            guard let code = catalog.first(where: { $0.code == field.code }) else { continue }
            switch code.shape {
            case .text, .integer, .flag:
                do throws(MessageRefusal) {
                    tree[code.path[...]] = try value(field.value, of: code, keyText: keyText)
                } catch {
                    problems += error.problems
                }
            case .list:
                guard listsDone.insert(code.pathText).inserted else { continue }
                let values = fields.filter { $0.code == code.code }.map(\.value).filter { !$0.isEmpty }
                tree[code.path[...]] = .array(values.map(FactsTree.string))
            case .member:
                let (list, _) = code.memberList!
                guard listsDone.insert(list.joined(separator: ".")).inserted else { continue }
                do throws(MessageRefusal) {
                    let objects = try members(of: list, fields, catalog: catalog, keyText: keyText)
                    tree[list[...]] = .array(objects)
                } catch {
                    problems += error.problems
                }
            }
        }
        guard problems.isEmpty else { throw MessageRefusal(keyText: keyText, problems: problems) }
        // A list never given is an empty list, as the JSON API's requests spell it: at the
        // root, or in an object the message gave (a registration's owner only when a person's
        // fields were given, not for a business owner).
        for code in catalog {
            guard let list = code.memberList?.list ?? (code.isRepeatable ? code.path : nil), tree[list[...]] == nil else { continue }
            if list.count == 1 || tree[list.dropLast()] != nil { tree[list[...]] = .array([]) }
        }
        return tree
    }

    private static func value(_ text: String, of code: FieldCode, keyText: String) throws(MessageRefusal) -> FactsTree? {
        guard !text.isEmpty else { return nil }
        if !code.choices.isEmpty {
            guard let choice = code.choices.first(where: { $0.code == text }) else {
                throw MessageRefusal(keyText: keyText, field: code.code, "\(text) is not one of \(code.choices.map(\.code).joined(separator: ", "))")
            }
            return .string(choice.value)
        }
        switch code.shape {
        case .integer:
            guard let number = Int(text), text.count <= 9 else {
                throw MessageRefusal(keyText: keyText, field: code.code, "\(text) is not a whole number")
            }
            return .integer(number)
        case .flag:
            guard text == "Y" || text == "N" else { throw MessageRefusal(keyText: keyText, field: code.code, "is Y or N, not \(text)") }
            return .flag(text == "Y")
        case .text, .list, .member:
            return .string(text)
        }
    }

    /// The objects of the list at `list`: each leading member's field starts one, the other
    /// members fill the one last started.
    private static func members(of list: [String], _ fields: [Message.Field], catalog: [FieldCode], keyText: String) throws(MessageRefusal) -> [FactsTree] {
        var objects: [[String: FactsTree]] = []
        for field in fields {
            guard let code = catalog.first(where: { $0.code == field.code }), let member = code.memberList, member.list == list,
                  case .member(let leads) = code.shape else { continue }
            if leads {
                // An empty leading value starts no entry: `PPN/` alone empties the list.
                if field.value.isEmpty { continue }
                objects.append([:])
            } else if objects.isEmpty {
                let leader = catalog.first { $0.memberList?.list == list && $0.isLeadingMember }!.code
                throw MessageRefusal(keyText: keyText, field: code.code, "follows the \(leader)/ it belongs to")
            } else if objects[objects.count - 1][member.key] != nil {
                throw MessageRefusal(keyText: keyText, field: code.code, "is given twice for one entry; start the next with its leading field")
            }
            if !field.value.isEmpty { objects[objects.count - 1][member.key] = .string(field.value) }
        }
        return objects.map(FactsTree.object)
    }

    // MARK: Facts to fields

    /// `facts` as fields, in the catalog's order, each object of a list with its members together.
    static func fields(of facts: RecordFacts) -> [Message.Field] {
        let tree = FactsTree(facts)
        let catalog = FieldCatalog.facts(of: facts.kind)
        var fields: [Message.Field] = []
        for code in catalog {
            switch code.shape {
            case .text, .integer, .flag:
                if let value = tree[code.path[...]].flatMap({ text(of: $0, code) }) { fields.append(.init(code: code.code, value: value)) }
            case .list:
                guard case .array(let elements) = tree[code.path[...]] else { continue }
                fields += elements.compactMap { text(of: $0, code) }.map { .init(code: code.code, value: $0) }
            case .member(let leads):
                guard leads, let member = code.memberList, case .array(let objects) = tree[member.list[...]] else { continue }
                let memberCodes = catalog.filter { $0.memberList?.list == member.list }
                for object in objects {
                    for memberCode in memberCodes {
                        if let value = object[[memberCode.memberList!.key][...]].flatMap({ text(of: $0, memberCode) }) {
                            fields.append(.init(code: memberCode.code, value: value))
                        }
                    }
                }
            }
        }
        return fields
    }

    private static func text(of value: FactsTree, _ code: FieldCode) -> String? {
        switch value {
        case .string(let text): return code.choices.first { $0.value == text }?.code ?? text
        case .integer(let number): return String(number)
        case .flag(let flag): return flag ? "Y" : "N"
        case .object, .array: return nil
        }
    }
}

extension FieldCode {
    var isLeadingMember: Bool {
        if case .member(leads: true) = shape { return true }
        return false
    }
}
