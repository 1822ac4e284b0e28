namespace WeightInit.Engine;

/// <summary>The AES round in software, as x86's AESENC/AESENCLAST define it (ShiftRows, SubBytes, MixColumns unless
/// last, then the round key xored in), on the 16 state bytes in memory order. The fallback for hardware without
/// AES instructions: slow, but the same bits.</summary>
internal static class SoftAes
{
    static readonly byte[] Sbox = BuildSbox();

    internal static void Round(byte[] state, byte[] key, bool last)
    {
        var t = new byte[16];
        for (int c = 0; c < 4; c++)
            for (int r = 0; r < 4; r++)
                t[4 * c + r] = Sbox[state[4 * ((c + r) % 4) + r]];
        for (int c = 0; c < 4; c++)
        {
            byte a0 = t[4 * c], a1 = t[4 * c + 1], a2 = t[4 * c + 2], a3 = t[4 * c + 3];
            if (!last)
            {
                t[4 * c] = (byte)(Times2(a0) ^ Times2(a1) ^ a1 ^ a2 ^ a3);
                t[4 * c + 1] = (byte)(a0 ^ Times2(a1) ^ Times2(a2) ^ a2 ^ a3);
                t[4 * c + 2] = (byte)(a0 ^ a1 ^ Times2(a2) ^ Times2(a3) ^ a3);
                t[4 * c + 3] = (byte)(Times2(a0) ^ a0 ^ a1 ^ a2 ^ Times2(a3));
            }
        }
        for (int i = 0; i < 16; i++) state[i] = (byte)(t[i] ^ key[i]);
    }

    static byte Times2(byte a) => (byte)((a << 1) ^ ((a & 0x80) != 0 ? 0x1B : 0));

    /// <summary>The AES S-box: the inverse in GF(2^8) (modulo x^8 + x^4 + x^3 + x + 1), then the affine map.</summary>
    static byte[] BuildSbox()
    {
        var box = new byte[256];
        for (int x = 0; x < 256; x++)
        {
            int inv = 0;
            for (int y = 1; y < 256 && x != 0; y++)
                if (Multiply((byte)x, (byte)y) == 1) { inv = y; break; }
            int s = inv;
            for (int k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >> (8 - k))) & 0xFF;
            box[x] = (byte)(s ^ 0x63);
        }
        return box;
    }

    static byte Multiply(byte a, byte b)
    {
        byte p = 0;
        for (int i = 0; i < 8; i++, b >>= 1, a = Times2(a))
            if ((b & 1) != 0) p ^= a;
        return p;
    }
}
