# gpt-3.5's program for HumanEval/100, as published with the LDB paper. Its doctest fails:
#   ldb trace examples/make_a_pile.py --test "assert make_a_pile(3) == [3, 5, 7]"
def make_a_pile(n):
    """
    Given a positive integer n, you have to make a pile of n levels of stones.
    The first level has n stones.
    The number of stones in the next level is:
        - the next odd number if n is odd.
        - the next even number if n is even.
    Return the number of stones in each level in a list, where element at index
    i represents the number of stones in the level (i+1).

    Examples:
    >>> make_a_pile(3)
    [3, 5, 7]
    """
    pile = [n]
    for i in range(n-1):
        if n % 2 == 0:
            pile.append(n + 2*i + 2)
        else:
            pile.append(n + 2*i + 1)
    return pile


if __name__ == "__main__":
    assert make_a_pile(3) == [3, 5, 7]
    assert make_a_pile(4) == [4, 6, 8, 10]
