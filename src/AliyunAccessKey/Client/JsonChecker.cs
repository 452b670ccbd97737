using System.Text;
using System.Xml;

namespace AliyunAccessKey.Client;

/// <summary>JSON that does not parse: what is wrong and where (1-based line and column; 0 when unknown), never the text there.</summary>
internal sealed class JsonSyntaxException : XmlException
{
    internal JsonSyntaxException(string reason, int line, int column)
        : base($"JSON is not valid: {reason}.", null, line, column)
    {
        Reason = reason;
    }

    /// <summary>What is wrong, in words that quote nothing from the document.</summary>
    internal string Reason { get; }
}

/// <summary>
/// A strict JSON syntax check that stops at the first fault, run only after the reader refused a
/// document, to say where it is broken.
/// </summary>
internal sealed class JsonChecker
{
    private readonly string _text;
    private int _at;
    private int _depth;
    private string? _fault;

    private JsonChecker(string text) => _text = text;

    /// <summary>The first fault in <paramref name="body"/>; null when none is found.</summary>
    internal static JsonSyntaxException? FindFault(byte[] body)
    {
        string text;
        try
        {
            text = Decode(body);
        }
        catch (DecoderFallbackException ex)
        {
            var index = ex.Index >= 0 && ex.Index <= body.Length ? ex.Index : 0;
            var before = Encoding.UTF8.GetString(body, 0, index);
            return At(before, before.Length, "bytes that are not UTF-8 text");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            return At(text, 0, "a byte order mark (save the file as UTF-8 without one)");
        }

        var checker = new JsonChecker(text);
        if (checker.Document())
        {
            return null;
        }

        return At(text, checker._at, checker._fault!);
    }

    /// <summary>UTF-16 when a byte order mark or a zero byte says so (as the reader decides), else strict UTF-8.</summary>
    private static string Decode(byte[] body)
    {
        if (body.Length >= 2 && ((body[0] == 0xFF && body[1] == 0xFE) || (body[0] != 0 && body[1] == 0)))
        {
            return Encoding.Unicode.GetString(body);
        }

        if (body.Length >= 2 && ((body[0] == 0xFE && body[1] == 0xFF) || (body[0] == 0 && body[1] != 0)))
        {
            return Encoding.BigEndianUnicode.GetString(body);
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body);
    }

    private static JsonSyntaxException At(string text, int index, string reason)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new JsonSyntaxException(reason, line, index - lineStart + 1);
    }

    private bool Document()
    {
        SkipSpace();
        if (!Value())
        {
            return false;
        }

        SkipSpace();
        return _at == _text.Length || Fail("text after the end of the JSON value");
    }

    private bool Fail(string reason)
    {
        _fault = reason;
        return false;
    }

    private bool Peek(char c) => _at < _text.Length && _text[_at] == c;

    private void SkipSpace()
    {
        while (_at < _text.Length && _text[_at] is ' ' or '\t' or '\n' or '\r')
        {
            _at++;
        }
    }

    private bool Value()
    {
        if (_at >= _text.Length)
        {
            return Fail("the JSON ends before it is complete");
        }

        return _text[_at] switch
        {
            '{' => Container('}'),
            '[' => Container(']'),
            '"' => String(),
            't' => Word("true"),
            'f' => Word("false"),
            'n' => Word("null"),
            '-' or (>= '0' and <= '9') => Number(),
            _ => Fail("a value (a string, number, object, array, true, false or null) is expected"),
        };
    }

    private bool Container(char close)
    {
        if (++_depth > Json.MaxDepth)
        {
            return Fail($"JSON nests deeper than {Json.MaxDepth} levels");
        }

        var isObject = close == '}';
        _at++;
        SkipSpace();
        if (Peek(close))
        {
            _at++;
            _depth--;
            return true;
        }

        while (true)
        {
            if (isObject)
            {
                if (!Peek('"'))
                {
                    return _at >= _text.Length ? Fail("the JSON ends before it is complete") : Fail("a member name in double quotes is expected");
                }

                if (!String())
                {
                    return false;
                }

                SkipSpace();
                if (!Peek(':'))
                {
                    return Fail("':' is expected after a member name");
                }

                _at++;
                SkipSpace();
            }

            if (!Value())
            {
                return false;
            }

            SkipSpace();
            if (Peek(','))
            {
                _at++;
                SkipSpace();
                continue;
            }

            if (Peek(close))
            {
                _at++;
                _depth--;
                return true;
            }

            return _at >= _text.Length ? Fail("the JSON ends before it is complete") : Fail($"',' or '{close}' is expected");
        }
    }

    private bool String()
    {
        var start = _at++;
        while (_at < _text.Length)
        {
            var c = _text[_at];
            if (c == '"')
            {
                _at++;
                return true;
            }

            if (c < ' ')
            {
                return Fail("a control character (such as a line break) inside a string");
            }

            if (c == '\\')
            {
                if (_at + 1 < _text.Length && _text[_at + 1] == 'u')
                {
                    for (var k = 2; k < 6; k++)
                    {
                        if (_at + k >= _text.Length || !Uri.IsHexDigit(_text[_at + k]))
                        {
                            return Fail("an invalid \\u escape sequence in a string");
                        }
                    }

                    _at += 6;
                    continue;
                }

                if (_at + 1 >= _text.Length || "\"\\/bfnrt".IndexOf(_text[_at + 1]) < 0)
                {
                    return Fail("an invalid escape sequence in a string");
                }

                _at += 2;
                continue;
            }

            _at++;
        }

        _at = start;
        return Fail("a string that is never closed");
    }

    private bool Word(string word)
    {
        if (string.CompareOrdinal(_text, _at, word, 0, word.Length) != 0)
        {
            return Fail("a value (a string, number, object, array, true, false or null) is expected");
        }

        _at += word.Length;
        return true;
    }

    private bool Number()
    {
        var start = _at;
        if (Peek('-'))
        {
            _at++;
        }

        if (Peek('0'))
        {
            _at++;
        }
        else if (Digits() == 0)
        {
            return Malformed();
        }

        if (Peek('.'))
        {
            _at++;
            if (Digits() == 0)
            {
                return Malformed();
            }
        }

        if (Peek('e') || Peek('E'))
        {
            _at++;
            if (Peek('+') || Peek('-'))
            {
                _at++;
            }

            if (Digits() == 0)
            {
                return Malformed();
            }
        }

        return true;

        bool Malformed()
        {
            _at = start;
            return Fail("a malformed number");
        }
    }

    private int Digits()
    {
        var start = _at;
        while (_at < _text.Length && _text[_at] is >= '0' and <= '9')
        {
            _at++;
        }

        return _at - start;
    }
}
