namespace Icp.Candid;

/// <summary>
/// Turns <c>.did</c> source into a <see cref="CandidProgram"/>: parses the file and, depth first, the files
/// it imports (each once), collects all definitions in one environment, binds the names, and checks the
/// program (unbound names, cycles of plain aliases, non-function methods, non-service service bodies,
/// duplicate definitions and duplicate methods among merged services).
/// </summary>
internal sealed class CandidProgramLoader
{
    private readonly CandidBindings _bindings = new();
    private readonly Dictionary<string, Defined> _defs = new(StringComparer.Ordinal);
    private readonly List<Defined> _ordered = [];
    // Files already read, by full path: a file imported twice (a diamond) contributes its definitions once.
    private readonly Dictionary<string, ParsedFile> _files = new(StringComparer.Ordinal);

    /// <summary>How deep files may import files that import files: far beyond real interfaces, and within any thread's stack.</summary>
    private const int MaxImportDepth = 64;

    private sealed record Defined(CandidTypeDefinition Definition, CandidToken At, string? File);

    private sealed record Import(string Path, bool IsService, CandidToken At);

    private sealed class ParsedFile(string? display, string? fullPath)
    {
        public string? Display { get; } = display;
        public string? FullPath { get; } = fullPath;
        public List<Defined> Definitions { get; } = [];
        public List<Import> Imports { get; } = [];
        public CandidServiceDeclaration? Service { get; set; }
        public CandidToken? ServiceAt { get; set; }
    }

    private sealed record ServiceImport(ParsedFile Importer, ParsedFile Imported, Import Import);

    public CandidProgram LoadRoot(string source, string? fileName)
    {
        var root = new ParsedFile(fileName, fileName is null ? null : Path.GetFullPath(fileName));
        if (root.FullPath is not null) _files[root.FullPath] = root;
        ParseFile(new CandidTokenReader(source, fileName), root, stop: null);
        AddDefinitions(root);
        var serviceImports = new List<ServiceImport>();
        ProcessImports(root, serviceImports, 0);
        Finish();
        return new CandidProgram(_ordered.Select(d => d.Definition), MergeServices(root, serviceImports));
    }

    public CandidProgram LoadDefinitionsOnly(CandidTokenReader reader, Func<CandidToken, bool> stop)
    {
        var file = new ParsedFile(reader.File, null);
        ParseFile(reader, file, stop);
        if (file.Imports.Count > 0) throw reader.Error(file.Imports[0].At, "imports are not allowed here");
        if (file.ServiceAt is { } at) throw reader.Error(at, "a service declaration is not allowed here");
        AddDefinitions(file);
        Finish();
        return new CandidProgram(_ordered.Select(d => d.Definition), null);
    }

    private void ParseFile(CandidTokenReader r, ParsedFile file, Func<CandidToken, bool>? stop)
    {
        var types = new CandidTypeParser(r, _bindings);
        while (true)
        {
            var t = r.Peek();
            if (stop is not null && stop(t)) return;
            if (t.Is("type"))
            {
                r.Next();
                var nameAt = r.Expect(CandidTokenKind.Identifier, "a type name");
                if (CandidIdentifiers.Keywords.Contains(nameAt.Value)) throw r.Error(nameAt, $"'{nameAt.Value}' is a keyword and cannot be defined");
                r.Expect(CandidTokenKind.Equals, "'='");
                var type = types.ParseType();
                file.Definitions.Add(new Defined(new CandidTypeDefinition(nameAt.Value, type, t.Doc), nameAt, r.File));
            }
            else if (t.Is("import"))
            {
                r.Next();
                bool isService = r.Accept("service");
                var pathAt = r.Expect(CandidTokenKind.Text, "a file name in quotes");
                file.Imports.Add(new Import(r.TextOf(pathAt), isService, pathAt));
            }
            else break;
            // Definitions are separated by ';'; the last one may omit it before the service or the end.
            if (!r.Accept(CandidTokenKind.Semicolon) && !(r.AtEnd || r.Peek().Is("service") || (stop is not null && stop(r.Peek()))))
                throw r.Unexpected("';'");
        }
        if (r.Peek().Is("service")) ParseService(r, types, file);
        if (stop is not null && stop(r.Peek())) return;
        if (!r.AtEnd) throw r.Unexpected(file.Service is null ? "'type', 'import', 'service' or end of input" : "end of input");
    }

    private void ParseService(CandidTokenReader r, CandidTypeParser types, ParsedFile file)
    {
        var at = r.Next();
        string? name = r.PeekKind() == CandidTokenKind.Identifier ? r.Next().Value : null;
        r.Expect(CandidTokenKind.Colon, "':'");
        List<CandidParameter>? init = null;
        if (r.PeekKind() == CandidTokenKind.LParen)
        {
            init = types.ParseParameters();
            r.Expect(CandidTokenKind.Arrow, "'->'");
        }
        CandidType body;
        if (r.PeekKind() == CandidTokenKind.LBrace) body = types.ParseServiceBody();
        else
        {
            var bodyAt = r.Peek();
            body = types.ParseType();
            if (body is not CandidTypeReference) throw r.Error(bodyAt, $"{body} is not a service type");
            _bindings.RequireService(body, bodyAt, r.File);
        }
        r.Accept(CandidTokenKind.Semicolon);
        file.Service = new CandidServiceDeclaration(name, init, body, at.Doc);
        file.ServiceAt = at;
    }

    private void AddDefinitions(ParsedFile file)
    {
        foreach (var d in file.Definitions)
        {
            if (_defs.TryGetValue(d.Definition.Name, out var earlier))
            {
                string where = earlier.File is null ? $"line {earlier.At.Line}" : $"{earlier.File}:{earlier.At.Line}";
                throw new CandidSyntaxException($"duplicate definition of type '{d.Definition.Name}' (first defined at {where})", d.At.Line, d.At.Column, d.File);
            }
            _defs.Add(d.Definition.Name, d);
            _ordered.Add(d);
        }
    }

    /// <summary>Reads the imports of <paramref name="file"/> depth first; each file's definitions follow those it imports.</summary>
    private void ProcessImports(ParsedFile file, List<ServiceImport> serviceImports, int depth)
    {
        foreach (var import in file.Imports)
        {
            if (file.FullPath is null)
                throw new CandidSyntaxException($"cannot import \"{import.Path}\": the source has no file name to resolve it against", import.At.Line, import.At.Column, file.Display);
            string full, display, text = "";
            ParsedFile? imported;
            try
            {
                if (import.Path.Contains('\0')) throw new IOException("a file name cannot hold a NUL character");
                full = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.FullPath) ?? ".", import.Path));
                display = Path.Combine(Path.GetDirectoryName(file.Display) ?? "", import.Path);
                imported = _files.GetValueOrDefault(full);
                if (imported is null) text = BoundedFile.ReadAllText(full, BoundedFile.MaxSourceBytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new CandidSyntaxException($"cannot import \"{import.Path.Replace("\0", "\\00", StringComparison.Ordinal)}\": {e.Message}", import.At.Line, import.At.Column, file.Display, e);
            }
            if (imported is null)
            {
                if (depth >= MaxImportDepth)
                    throw new CandidSyntaxException($"cannot import \"{import.Path}\": imports are nested more than {MaxImportDepth} files deep", import.At.Line, import.At.Column, file.Display);
                imported = new ParsedFile(display, full);
                _files.Add(full, imported);
                ParseFile(new CandidTokenReader(text, display), imported, stop: null);
                ProcessImports(imported, serviceImports, depth + 1);
                AddDefinitions(imported);
            }
            if (import.IsService)
            {
                if (imported.Service is null)
                    throw new CandidSyntaxException($"imported service file \"{import.Path}\" has no main service", import.At.Line, import.At.Column, file.Display);
                if (imported.Service.IsClass)
                    throw new CandidSyntaxException($"imported service file \"{import.Path}\" has a service constructor", import.At.Line, import.At.Column, file.Display);
                serviceImports.Add(new ServiceImport(file, imported, import));
            }
        }
    }

    private void Finish()
    {
        _bindings.BindAll(name => _defs.TryGetValue(name, out var d) ? d.Definition.Type : null);
        CheckAliasCycles();
        _bindings.CheckAll();
    }

    /// <summary>
    /// <c>type A = B; type B = A;</c> names no type at all. Each definition is an alias of at most one other,
    /// so following the aliases from every definition, and stopping at definitions already followed, finds
    /// every cycle in time linear in the program (chains of any length are legal).
    /// </summary>
    private void CheckAliasCycles()
    {
        const byte OnPath = 1, Done = 2;
        var state = new Dictionary<string, byte>(StringComparer.Ordinal);
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _ordered.Count; i++) order[_ordered[i].Definition.Name] = i;
        var path = new List<string>();
        foreach (var d in _ordered)
        {
            if (state.ContainsKey(d.Definition.Name)) continue;
            path.Clear();
            string name = d.Definition.Name;
            while (true)
            {
                state[name] = OnPath;
                path.Add(name);
                if (_defs[name].Definition.Type is not CandidTypeReference r || !_defs.ContainsKey(r.Name)) break;
                name = r.Name;
                if (!state.TryGetValue(name, out var s)) continue;
                if (s == OnPath) ThrowCycle(path, path.IndexOf(name), order);
                break;
            }
            foreach (var n in path) state[n] = Done;
        }
    }

    /// <summary>Reports the cycle <c>path[start..]</c> at the definition of it that comes first in the program.</summary>
    private void ThrowCycle(List<string> path, int start, Dictionary<string, int> order)
    {
        var cycle = path.GetRange(start, path.Count - start);
        int first = 0;
        for (int i = 1; i < cycle.Count; i++) if (order[cycle[i]] < order[cycle[first]]) first = i;
        // The cycle from its first definition back to it, with long cycles shortened in the message.
        var names = new List<string>();
        for (int i = 0; i <= cycle.Count; i++) names.Add(cycle[(first + i) % cycle.Count]);
        string shown = names.Count <= 12 ? string.Join(" = ", names)
            : string.Join(" = ", names.Take(6)) + $" = … ({names.Count - 10} more) … = " + string.Join(" = ", names.TakeLast(4));
        var d = _defs[cycle[first]];
        throw new CandidSyntaxException($"type '{d.Definition.Name}' has a cyclic definition: {shown}", d.At.Line, d.At.Column, d.File);
    }

    /// <summary>Adds the methods of <c>import service</c> files to the main service.</summary>
    private CandidServiceDeclaration? MergeServices(ParsedFile root, List<ServiceImport> imports)
    {
        if (imports.Count == 0) return root.Service;
        var methods = new List<CandidMethod>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (root.Service is not null)
        {
            foreach (var m in root.Service.ResolveService().Methods) { methods.Add(m); names.Add(m.Name); }
        }
        foreach (var (importer, imported, import) in imports)
        {
            foreach (var m in imported.Service!.ResolveService().Methods)
            {
                if (!names.Add(m.Name))
                    throw new CandidSyntaxException($"duplicate method name '{m.Name}' from imported service \"{import.Path}\"", import.At.Line, import.At.Column, importer.Display);
                methods.Add(m);
            }
        }
        var merged = new ServiceType(methods);
        return root.Service is null ? new CandidServiceDeclaration(null, null, merged) : root.Service with { Type = merged };
    }
}
