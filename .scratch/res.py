def hunks(s):
    out=[];i=0
    while True:
        a=s.find("<<<<<<< HEAD\n",i)
        if a<0: break
        b=s.index("\n=======\n",a)+1; c=s.index(">>>>>>> main\n",b)
        out.append((a,b,c)); i=c
    return out
def resolve(path, picks):
    s=open(path).read()
    hs=hunks(s)
    assert len(hs)==len(picks),(len(hs),len(picks))
    for (a,b,c),p in reversed(list(zip(hs,picks))):
        h=s[a+13:b]; m=s[b+8:c]
        s=s[:a]+p(h,m)+s[c+13:]
    open(path,'w').write(s)
