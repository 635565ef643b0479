// Compiled by MSBuild's RoslynCodeTaskFactory (see Pneumonia.ML.targets); not part of the library assembly.
//
// TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so asks for the symbol version
// GLIBCXX_3.4.32. The only symbol behind that version is _ZSt21ios_base_library_initv, GCC 13's marker that iostreams
// are initialised: referenced, never called (no relocation uses it). Older libstdc++ (Debian 12, Ubuntu 22.04: up to
// GLIBCXX_3.4.30) makes the dynamic loader refuse the whole library. Setting VER_FLG_WEAK on that one Vernaux entry
// of .gnu.version_r turns the refusal into a warning. The file is changed only when the machine's libstdc++ lacks the
// version, and only that one flag is written.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class WeakenGlibcxxRequirement : Task
{
    private const string Version = "GLIBCXX_3.4.32";
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The copies of libLibTorchSharp.so to inspect.</summary>
    [Required]
    public ITaskItem[] Libraries { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The libstdc++ to check; empty: the first of the usual system paths that exists.</summary>
    public string LibStdCxxPath { get; set; } = "";

    public override bool Execute()
    {
        string libStdCxx = string.IsNullOrEmpty(LibStdCxxPath) ? FindSystemLibStdCxx() : LibStdCxxPath;
        if (libStdCxx.Length == 0 || !File.Exists(libStdCxx))
        {
            Log.LogMessage(MessageImportance.Low, "Pneumonia.ML: no libstdc++.so.6 found; libLibTorchSharp.so left as it is.");
            return true;
        }
        if (Contains(File.ReadAllBytes(libStdCxx), Encoding.ASCII.GetBytes(Version + "\0")))
        {
            Log.LogMessage(MessageImportance.Low, "Pneumonia.ML: " + libStdCxx + " defines " + Version + "; nothing to do.");
            return true;
        }
        foreach (ITaskItem item in Libraries)
        {
            string path = item.GetMetadata("FullPath");
            if (!File.Exists(path)) continue;
            try
            {
                if (Weaken(path))
                    Log.LogMessage(MessageImportance.Normal, "Pneumonia.ML: marked " + Version + " weak in " + path + " (" + libStdCxx + " predates it).");
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is InvalidDataException)
            {
                Log.LogWarning("Pneumonia.ML: could not patch " + path + ": " + e.Message + " TorchSharp may fail to load on this machine.");
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static string FindSystemLibStdCxx()
    {
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6",
        };
        foreach (string candidate in candidates)
            if (File.Exists(candidate)) return candidate;
        return "";
    }

    /// <summary>Sets VER_FLG_WEAK on the GLIBCXX_3.4.32 Vernaux entry of a 64-bit little-endian ELF file.</summary>
    /// <returns>True when the file was changed; false when it has no such entry or it is already weak.</returns>
    private static bool Weaken(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");

        long sectionTable = BitConverter.ToInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        const uint ShtGnuVerneed = 0x6ffffffe;
        for (int s = 0; s < sectionCount; s++)
        {
            long header = sectionTable + (long)s * sectionSize;
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(elf, (int)header + 0x18);
            int linkedStrings = (int)BitConverter.ToUInt32(elf, (int)header + 0x28);
            long strings = BitConverter.ToInt64(elf, (int)(sectionTable + (long)linkedStrings * sectionSize) + 0x18);

            long need = offset;
            while (true)
            {
                int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    string name = ReadString(elf, strings + BitConverter.ToUInt32(elf, (int)aux + 8));
                    int flagsAt = (int)aux + 4;
                    ushort flags = BitConverter.ToUInt16(elf, flagsAt);
                    if (name == Version)
                    {
                        if ((flags & VerFlagWeak) != 0) return false;
                        BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(elf, flagsAt);
                        string temp = path + ".pneumonia-ml.tmp";
                        File.WriteAllBytes(temp, elf);
                        File.Replace(temp, path, null);
                        return true;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                uint next = BitConverter.ToUInt32(elf, (int)need + 12);
                if (next == 0) break;
                need += next;
            }
        }
        return false;
    }

    private static string ReadString(byte[] bytes, long start)
    {
        long end = start;
        while (end < bytes.Length && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, (int)start, (int)(end - start));
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }
}
