namespace CitizenHelper.Qr.Decoding;

/// <summary>A grid of dark (true) and light modules or pixels, indexed (x, y).</summary>
internal sealed class BitMatrix(int width, int height)
{
    private readonly bool[] _bits = new bool[width * height];

    public BitMatrix(int dimension)
        : this(dimension, dimension)
    {
    }

    public int Width { get; } = width;
    public int Height { get; } = height;

    public bool this[int x, int y]
    {
        get => _bits[(y * Width) + x];
        set => _bits[(y * Width) + x] = value;
    }

    public void Flip(int x, int y) => _bits[(y * Width) + x] ^= true;

    public void SetRegion(int left, int top, int width, int height)
    {
        for (var y = top; y < top + height; y++)
        {
            for (var x = left; x < left + width; x++)
            {
                this[x, y] = true;
            }
        }
    }

    public BitMatrix Clone()
    {
        var copy = new BitMatrix(Width, Height);
        _bits.CopyTo(copy._bits, 0);
        return copy;
    }
}
